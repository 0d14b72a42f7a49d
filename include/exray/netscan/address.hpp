// SPDX-License-Identifier: Apache-2.0
// exray netscan: IP addresses as numbers, so target ranges can be counted, indexed and permuted.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray::netscan {

// 128-bit unsigned arithmetic for IPv6 ranges (GCC and clang both have it).
__extension__ using Uint128 = unsigned __int128;

// An IPv4 address lives in the low 32 bits of `value`; the family takes part in comparisons so
// 0.0.0.1 and ::1 never meet.
struct IpAddress {
  bool v6 = false;
  Uint128 value = 0;

  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] bool is_loopback() const noexcept;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

// "192.0.2.7" or "2001:db8::7" (an IPv6 address may come in brackets: "[::1]").
[[nodiscard]] Result<IpAddress> parse_address(std::string_view text);

// Inclusive range of one family.
struct AddressRange {
  IpAddress first;
  IpAddress last;
  [[nodiscard]] Uint128 size() const noexcept { return last.value - first.value + 1; }
  [[nodiscard]] bool contains(const IpAddress& a) const noexcept {
    return a.v6 == first.v6 && first.value <= a.value && a.value <= last.value;
  }
};

// "192.0.2.0/24", "2001:db8::/120", "192.0.2.10-192.0.2.20", "192.0.2.10-20" (last octet), or a
// single address. Host bits set below a prefix are an error (a typo more often than intent).
[[nodiscard]] Result<AddressRange> parse_range(std::string_view text);

}  // namespace exray::netscan
