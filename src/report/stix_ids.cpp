// SPDX-License-Identifier: Apache-2.0
// The small, exact pieces of STIX: deterministic ids, pattern strings, timestamps.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "exray/core/digest.hpp"
#include "exray/core/time.hpp"
#include "exray/report/stix.hpp"

namespace exray::report {
namespace {

// exray's own UUIDv5 namespace (RFC 4122 §4.3), fixed forever: changing it would give every
// object a new id and make platforms that imported an earlier export hold each one twice.
constexpr std::array<unsigned char, 16> kNamespace = {0x2d, 0x92, 0x1e, 0xbf, 0x6a, 0x22, 0x48, 0xba,
                                                      0xbd, 0x2b, 0xc3, 0xc3, 0xcb, 0xa2, 0x24, 0x52};

std::array<unsigned char, 20> sha1(std::string_view name) {
  // SHA-1 is what UUIDv5 is defined over; it names objects here, it protects nothing.
  Digest sha1(DigestAlgorithm::sha1);
  sha1.update(std::string_view(reinterpret_cast<const char*>(kNamespace.data()), kNamespace.size()));
  sha1.update(name);
  std::array<unsigned char, 20> digest{};
  const auto out = sha1.finish();
  std::copy_n(out.begin(), std::min(out.size(), digest.size()), digest.begin());
  return digest;
}

}  // namespace

std::string stix_id(std::string_view type, std::string_view name) {
  auto d = sha1(name);
  d[6] = static_cast<unsigned char>((d[6] & 0x0F) | 0x50);  // version 5
  d[8] = static_cast<unsigned char>((d[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string uuid;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
    uuid += fmt::format("{:02x}", d[i]);
  }
  return fmt::format("{}--{}", type, uuid);
}

std::string stix_pattern_string(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

std::string stix_timestamp(std::string_view iso) {
  auto t = parse_timestamp(iso);
  if (!t) return {};
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(*t);
  const auto day = std::chrono::floor<std::chrono::days>(ms);
  const std::chrono::hh_mm_ss<std::chrono::milliseconds> tod{ms - day};
  return fmt::format("{}T{:02}:{:02}:{:02}.{:03}Z", format_date(Date{day}), tod.hours().count(), tod.minutes().count(),
                     tod.seconds().count(), tod.subseconds().count());
}

}  // namespace exray::report
