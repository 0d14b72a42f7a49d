// SPDX-License-Identifier: Apache-2.0
// Timestamp and identifier formatting for the generator.
#include "text.hpp"

#include <chrono>

namespace exlogs {
namespace {

struct Ymd {
  int year;
  unsigned month, day;
};

// Calendar date of a day number; the last day is cached because rows come in time order and
// converting through std::chrono for every row would be wasted work.
Ymd civil(std::int64_t day_number) {
  static std::int64_t cached_day = INT64_MIN;
  static Ymd cached{};
  if (day_number != cached_day) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day_number}}};
    cached = {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
    cached_day = day_number;
  }
  return cached;
}

void append2(std::string& out, std::int64_t v) {
  out.push_back(static_cast<char>('0' + v / 10 % 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

void append_ymd(std::string& out, std::int64_t ms, char sep) {
  const Ymd d = civil(ms / kMsPerDay);
  append2(out, d.year / 100);
  append2(out, d.year % 100);
  if (sep != 0) out.push_back(sep);
  append2(out, d.month);
  if (sep != 0) out.push_back(sep);
  append2(out, d.day);
}

}  // namespace

std::int64_t utc_ms(int year, unsigned month, unsigned day, unsigned hour) {
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  return static_cast<std::int64_t>(days.time_since_epoch().count()) * kMsPerDay +
         static_cast<std::int64_t>(hour) * kMsPerHour;
}

void append_date(std::string& out, std::int64_t ms) { append_ymd(out, ms, '-'); }

void append_hms(std::string& out, std::int64_t ms) {
  const std::int64_t s = ms % kMsPerDay / kMsPerSecond;
  append2(out, s / 3600);
  out.push_back(':');
  append2(out, s / 60 % 60);
  out.push_back(':');
  append2(out, s % 60);
}

void append_iso(std::string& out, std::int64_t ms) {
  append_date(out, ms);
  out.push_back('T');
  append_hms(out, ms);
  out.push_back('.');
  const std::int64_t frac = ms % kMsPerSecond;
  out.push_back(static_cast<char>('0' + frac / 100));
  append2(out, frac);
  out.push_back('Z');
}

std::string hour_stamp(std::int64_t ms) {
  std::string out;
  append_ymd(out, ms, 0);
  append2(out, ms % kMsPerDay / kMsPerHour);
  return out;
}

std::string iis_day_stamp(std::int64_t ms) {
  std::string out;
  append_ymd(out, ms, 0);
  return out.substr(2);
}

void write_guid(char* p, Rng& rng) {
  std::uint64_t a = rng.next(), b = rng.next();
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) *p++ = '-';
    std::uint64_t& src = i < 16 ? a : b;
    *p++ = kHexDigits[src & 15];
    src >>= 4;
  }
}

void append_random(std::string& out, Rng& rng, std::size_t n, std::string_view alphabet) {
  for (std::size_t i = 0; i < n; ++i) out.push_back(alphabet[rng.index(alphabet.size())]);
}

}  // namespace exlogs
