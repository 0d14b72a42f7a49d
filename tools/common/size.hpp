// SPDX-License-Identifier: Apache-2.0
// Command-line numbers for the test-data generators: plain integers, and sizes with an optional
// K/M/G suffix (binary multiples), e.g. `--size 5G`.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tools {

inline std::optional<std::uint64_t> parse_number(std::string_view s) {
  std::uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

inline std::optional<std::uint64_t> parse_size(std::string_view s) {
  unsigned shift = 0;
  if (!s.empty()) {
    switch (s.back()) {
      case 'k': case 'K': shift = 10; break;
      case 'm': case 'M': shift = 20; break;
      case 'g': case 'G': shift = 30; break;
      default: break;
    }
    if (shift != 0) s.remove_suffix(1);
  }
  const auto v = parse_number(s);
  if (!v || *v > (UINT64_MAX >> shift)) return std::nullopt;
  return *v << shift;
}

}  // namespace tools
