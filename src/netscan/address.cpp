// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/address.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <charconv>

namespace exray::netscan {
namespace {

Result<void> bad(std::string_view text, std::string_view why) {
  return fail(Errc::invalid_argument, fmt::format("'{}': {}", text, why));
}

}  // namespace

std::string IpAddress::to_string() const {
  std::array<char, INET6_ADDRSTRLEN> buffer{};
  if (!v6) {
    const auto v = static_cast<std::uint32_t>(value);
    return fmt::format("{}.{}.{}.{}", v >> 24U, (v >> 16U) & 0xffU, (v >> 8U) & 0xffU, v & 0xffU);
  }
  std::array<unsigned char, 16> bytes{};
  for (int i = 15; i >= 0; --i)
    bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(value >> ((15 - i) * 8));
  ::inet_ntop(AF_INET6, bytes.data(), buffer.data(), buffer.size());
  return buffer.data();
}

bool IpAddress::is_loopback() const noexcept { return v6 ? value == 1 : (value >> 24U) == 127; }

Result<IpAddress> parse_address(std::string_view text) {
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::unexpected(bad(text, "not an IP address").error());
  const std::string copy(text);
  std::array<unsigned char, 16> bytes{};
  IpAddress a;
  if (::inet_pton(AF_INET, copy.c_str(), bytes.data()) == 1) {
    for (std::size_t i = 0; i < 4; ++i) a.value = (a.value << 8U) | bytes[i];
    return a;
  }
  if (::inet_pton(AF_INET6, copy.c_str(), bytes.data()) == 1) {
    a.v6 = true;
    for (auto b : bytes) a.value = (a.value << 8U) | b;
    return a;
  }
  return std::unexpected(bad(text, "not an IP address").error());
}

Result<AddressRange> parse_range(std::string_view text) {
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    auto base = parse_address(text.substr(0, slash));
    if (!base) return std::unexpected(base.error());
    const auto bits_text = text.substr(slash + 1);
    unsigned bits = 0;
    const auto [end, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
    const unsigned width = base->v6 ? 128 : 32;
    if (ec != std::errc{} || end != bits_text.data() + bits_text.size() || bits > width)
      return std::unexpected(bad(text, fmt::format("the prefix length must be 0 to {}", width)).error());
    const Uint128 host_mask = bits == width ? 0 : ((Uint128{1} << (width - bits)) - 1);
    if ((base->value & host_mask) != 0)
      return std::unexpected(
          bad(text, "host bits are set below the prefix (did you mean the network address?)").error());
    AddressRange r{*base, *base};
    r.last.value = base->value | host_mask;
    return r;
  }
  if (const auto dash = text.find('-'); dash != std::string_view::npos) {
    auto first = parse_address(text.substr(0, dash));
    if (!first) return std::unexpected(first.error());
    auto last_text = text.substr(dash + 1);
    Result<IpAddress> last = parse_address(last_text);
    if (!last && !first->v6) {  // "192.0.2.10-20": the last octet only
      unsigned octet = 0;
      const auto [end, ec] = std::from_chars(last_text.data(), last_text.data() + last_text.size(), octet);
      if (ec == std::errc{} && end == last_text.data() + last_text.size() && octet <= 255)
        last = IpAddress{false, (first->value & ~Uint128{0xff}) | octet};
    }
    if (!last) return std::unexpected(bad(text, "the end of the range is not an address").error());
    if (last->v6 != first->v6 || *last < *first)
      return std::unexpected(bad(text, "a range must go from a lower to a higher address of one family").error());
    return AddressRange{*first, *last};
  }
  auto one = parse_address(text);
  if (!one) return std::unexpected(one.error());
  return AddressRange{*one, *one};
}

}  // namespace exray::netscan
