// SPDX-License-Identifier: Apache-2.0
// The addresses the simulator serves: 127.0.0.0/8 and ::1, nothing else.
//
// Keeping the type this narrow is part of the safety story: an address outside loopback cannot
// even be represented, so neither the server nor `--truth` can be pointed at another network.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace exsim {

struct Address {
  bool v6 = false;       // true means ::1, the only IPv6 address served
  std::uint32_t v4 = 0;  // host byte order, inside 127.0.0.0/8 when !v6

  [[nodiscard]] std::string to_string() const;
  // The hash input for this address: distinct for every served address and stable across runs.
  [[nodiscard]] std::uint64_t key() const noexcept { return v6 ? 0x1'0000'0000'0001ULL : v4; }
  friend auto operator<=>(const Address&, const Address&) = default;
};

[[nodiscard]] constexpr bool is_loopback_v4(std::uint32_t v4) noexcept { return (v4 >> 24) == 127; }

// An inclusive run of addresses: a single address or an IPv4 CIDR, never crossing families.
struct AddressRange {
  Address first;
  Address last;
};

// "127.1.0.7", "127.1.0.0/24" or "::1" (also "[::1]"). Anything outside 127.0.0.0/8 and ::1 is
// an error that says so; so are host bits set below a prefix (more often a typo than intent).
[[nodiscard]] std::expected<AddressRange, std::string> parse_spec(std::string_view spec);

}  // namespace exsim
