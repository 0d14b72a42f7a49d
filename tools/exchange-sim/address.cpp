// SPDX-License-Identifier: Apache-2.0
#include "address.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>

namespace exsim {

std::string Address::to_string() const {
  if (v6) return "::1";
  return fmt::format("{}.{}.{}.{}", v4 >> 24, (v4 >> 16) & 0xFFU, (v4 >> 8) & 0xFFU, v4 & 0xFFU);
}

namespace {

std::expected<std::uint32_t, std::string> parse_v4(std::string_view text) {
  // inet_pton rejects the short and octal forms ("127.1", "0177.0.0.1") that would make a range
  // mean something other than what it looks like.
  in_addr a{};
  const std::string s(text);
  if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::unexpected(fmt::format("'{}' is not an IPv4 address", text));
  return ntohl(a.s_addr);
}

}  // namespace

std::expected<AddressRange, std::string> parse_spec(std::string_view spec) {
  if (spec == "::1" || spec == "[::1]") return AddressRange{Address{true, 0}, Address{true, 0}};
  if (spec.find(':') != std::string_view::npos)
    return std::unexpected(fmt::format("'{}': the only IPv6 address simulated is ::1", spec));

  std::string_view addr_text = spec;
  unsigned prefix = 32;
  if (const auto slash = spec.find('/'); slash != std::string_view::npos) {
    addr_text = spec.substr(0, slash);
    const auto p = spec.substr(slash + 1);
    const auto r = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (p.empty() || r.ec != std::errc{} || r.ptr != p.data() + p.size() || prefix > 32)
      return std::unexpected(fmt::format("'{}': the prefix length must be 0..32", spec));
  }
  const auto base = parse_v4(addr_text);
  if (!base) return std::unexpected(base.error());
  const std::uint32_t host_mask = prefix == 0 ? 0xFFFF'FFFFU : (prefix == 32 ? 0U : (0xFFFF'FFFFU >> prefix));
  if ((*base & host_mask) != 0)
    return std::unexpected(fmt::format("'{}': host bits are set below the /{} prefix", spec, prefix));
  const std::uint32_t last = *base | host_mask;
  if (!is_loopback_v4(*base) || !is_loopback_v4(last))
    return std::unexpected(
        fmt::format("'{}' is outside 127.0.0.0/8: the simulator only models loopback addresses", spec));
  return AddressRange{Address{false, *base}, Address{false, last}};
}

}  // namespace exsim
