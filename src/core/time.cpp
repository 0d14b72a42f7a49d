// SPDX-License-Identifier: Apache-2.0
#include "exray/core/time.hpp"

#include <fmt/format.h>

#include "exray/core/text.hpp"

namespace exray {
namespace {

Result<Date> make_date(std::string_view text, std::string_view y, std::string_view m, std::string_view d) {
  auto year = parse_u32(y), month = parse_u32(m), day = parse_u32(d);
  if (!year || !month || !day || y.size() != 4 || m.size() > 2 || d.size() > 2)
    return fail(Errc::parse_error, fmt::format("'{}' is not a date", printable(text)));
  Date date{std::chrono::year{static_cast<int>(*year)}, std::chrono::month{*month}, std::chrono::day{*day}};
  if (!date.ok()) return fail(Errc::parse_error, fmt::format("'{}' is not a valid calendar date", printable(text)));
  return date;
}

}  // namespace

TimePoint now() noexcept {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

Date today() noexcept { return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}; }

std::string format_iso8601(TimePoint t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  Date date{day};
  std::chrono::hh_mm_ss<std::chrono::microseconds> tod{t - day};
  auto micros = tod.subseconds().count();
  std::string out = fmt::format("{}T{:02}:{:02}:{:02}", format_date(date), tod.hours().count(), tod.minutes().count(),
                                tod.seconds().count());
  if (micros != 0) out += fmt::format(".{:06}", micros);
  out += 'Z';
  return out;
}

std::string format_date(Date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

Result<Date> parse_iso_date(std::string_view text) {
  auto parts = split(text, '-');
  if (parts.size() != 3) return fail(Errc::parse_error, fmt::format("'{}' is not a YYYY-MM-DD date", printable(text)));
  return make_date(text, parts[0], parts[1], parts[2]);
}

Result<Date> parse_us_date(std::string_view text) {
  auto parts = split(text, '/');
  if (parts.size() != 3) return fail(Errc::parse_error, fmt::format("'{}' is not a M/D/YYYY date", printable(text)));
  return make_date(text, parts[2], parts[0], parts[1]);
}

}  // namespace exray

namespace exray {

Result<TimePoint> parse_timestamp(std::string_view text) {
  auto bad = [&] { return fail(Errc::parse_error, fmt::format("'{}' is not a timestamp", printable(text))); };
  if (text.size() < 19 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') return bad();
  auto date = parse_iso_date(text.substr(0, 10));
  if (!date) return bad();
  auto hour = parse_u32(text.substr(11, 2));
  auto minute = parse_u32(text.substr(14, 2));
  auto second = parse_u32(text.substr(17, 2));
  if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) return bad();
  std::chrono::microseconds fraction{0};
  std::size_t i = 19;
  if (i < text.size() && text[i] == '.') {
    std::int64_t scale = 100000;
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10)
      fraction += std::chrono::microseconds((text[i] - '0') * scale);
  }
  if (i < text.size() && text[i] == 'Z') ++i;
  if (i != text.size()) return bad();
  return TimePoint{std::chrono::sys_days{*date}} + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second) + fraction;
}

}  // namespace exray
