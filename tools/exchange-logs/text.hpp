// SPDX-License-Identifier: Apache-2.0
// Formatting helpers for the generator: timestamps, GUIDs, numbers and a scratch arena.
//
// Rows are built as string_views into a fixed arena and then written field by field, so that a
// row costs no heap allocation: the generator has to produce hundreds of MB per second.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "rng.hpp"

namespace exlogs {

inline constexpr std::int64_t kMsPerSecond = 1000;
inline constexpr std::int64_t kMsPerHour = 3'600'000;
inline constexpr std::int64_t kMsPerDay = 86'400'000;

// Milliseconds since 1970-01-01T00:00:00Z of a UTC date and hour.
std::int64_t utc_ms(int year, unsigned month, unsigned day, unsigned hour = 0);

// 2021-03-03T04:57:08.123Z (Exchange logs).
void append_iso(std::string& out, std::int64_t ms);
// 2021-03-03 and 04:57:08 (the two IIS W3C fields).
void append_date(std::string& out, std::int64_t ms);
void append_hms(std::string& out, std::int64_t ms);
// 2021030304 (Exchange log file names) and 210303 (IIS file names).
std::string hour_stamp(std::int64_t ms);
std::string iis_day_stamp(std::int64_t ms);

inline void append_uint(std::string& out, std::uint64_t v) {
  char tmp[24];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  out.append(tmp, r.ptr);
}

// Lower-case 8-4-4-4-12 hex GUID (36 characters at p).
void write_guid(char* p, Rng& rng);
inline void append_guid(std::string& out, Rng& rng) {
  char tmp[36];
  write_guid(tmp, rng);
  out.append(tmp, sizeof tmp);
}
// Random characters from `alphabet`.
void append_random(std::string& out, Rng& rng, std::size_t n, std::string_view alphabet);

inline constexpr std::string_view kHexDigits = "0123456789abcdef";
inline constexpr std::string_view kAlnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Fixed-capacity scratch space for one row's values; cleared for every row.
class Arena {
 public:
  static constexpr std::size_t kCapacity = 64 * 1024;
  Arena() : buf_(std::make_unique<char[]>(kCapacity)) {}

  void clear() { used_ = 0; }

  std::string_view put(std::string_view s) {
    char* p = reserve(s.size());
    std::copy(s.begin(), s.end(), p);
    return {p, s.size()};
  }
  std::string_view num(std::uint64_t v) {
    char* p = buf_.get() + used_;
    const auto r = std::to_chars(p, buf_.get() + kCapacity, v);
    if (r.ec != std::errc{}) throw std::length_error("row arena full");
    used_ += static_cast<std::size_t>(r.ptr - p);
    return {p, static_cast<std::size_t>(r.ptr - p)};
  }
  std::string_view guid(Rng& rng) {
    char* p = reserve(36);
    write_guid(p, rng);
    return {p, 36};
  }
  template <class... Args>
  std::string_view fmt(fmt::format_string<Args...> f, Args&&... args) {
    char* p = buf_.get() + used_;
    const auto room = kCapacity - used_;
    const auto r = fmt::format_to_n(p, room, f, std::forward<Args>(args)...);
    if (r.size > room) throw std::length_error("row arena full");
    used_ += r.size;
    return {p, r.size};
  }

 private:
  char* reserve(std::size_t n) {
    if (n > kCapacity - used_) throw std::length_error("row arena full");
    char* p = buf_.get() + used_;
    used_ += n;
    return p;
  }
  std::unique_ptr<char[]> buf_;
  std::size_t used_ = 0;
};

}  // namespace exlogs
