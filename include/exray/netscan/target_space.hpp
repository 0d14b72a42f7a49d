// SPDX-License-Identifier: Apache-2.0
// exray netscan: what to scan, as one indexed space.
//
// Targets come as addresses, CIDRs, ranges and host names, on the command line or in files;
// exclusions (same forms, names excepted) always win. finalize() resolves names, merges and
// subtracts, and fixes the space: every (address, port) pair then has an index in [0, size()),
// which is what the permutation, the shards and the resume state talk about. Memory is
// proportional to the number of ranges, never to the number of addresses.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/netscan/address.hpp"

namespace exray::netscan {

struct Target {
  IpAddress address;
  std::uint16_t port = 443;
  std::string name;  // the host name the user gave (TLS SNI and Host header); empty for an address
};

// Host name → addresses. The default uses getaddrinfo; tests pass their own.
using Resolver = std::function<Result<std::vector<IpAddress>>(const std::string& name)>;
[[nodiscard]] Result<std::vector<IpAddress>> resolve_with_system(const std::string& name);

class TargetSpace {
 public:
  // The largest space we agree to index (a /64 of IPv6 is not something to scan address by address).
  static constexpr std::uint64_t kMaxAddresses = std::uint64_t{1} << 40U;

  // An address, CIDR, range ("a-b" or "a.b.c.d-e") or host name.
  [[nodiscard]] Result<void> add(std::string_view spec, const Where& where = {});
  // An address, CIDR or range; excluded addresses are never touched, whatever else says.
  [[nodiscard]] Result<void> exclude(std::string_view spec, const Where& where = {});
  // Every spec in a file's text: one or more per line, separated by spaces or commas; `#` starts
  // a comment.
  [[nodiscard]] Result<void> add_text(std::string_view text, std::string_view source, bool as_exclusion);
  void set_ports(std::vector<std::uint16_t> ports);

  [[nodiscard]] Result<void> finalize(const Resolver& resolve = resolve_with_system);

  [[nodiscard]] std::uint64_t size() const noexcept { return addresses_ * ports_.size(); }
  [[nodiscard]] std::uint64_t addresses() const noexcept { return addresses_; }
  [[nodiscard]] Target at(std::uint64_t index) const;
  [[nodiscard]] bool is_excluded(const IpAddress& address) const noexcept;
  [[nodiscard]] const std::vector<std::uint16_t>& ports() const noexcept { return ports_; }
  // Identifies the space (ranges, names, ports) so a resume state cannot be applied to another scan.
  [[nodiscard]] std::string fingerprint() const;

 private:
  std::vector<AddressRange> ranges_, excludes_;
  std::vector<std::string> names_;
  std::vector<Target> named_;               // resolved names, after the ranges in index order
  std::vector<std::uint64_t> range_start_;  // index of each range's first address
  std::vector<std::uint16_t> ports_{443};
  std::uint64_t addresses_ = 0;
  bool final_ = false;
};

// Splits "443,8443" into ports; rejects 0 and duplicates.
[[nodiscard]] Result<std::vector<std::uint16_t>> parse_ports(std::string_view text);

}  // namespace exray::netscan
