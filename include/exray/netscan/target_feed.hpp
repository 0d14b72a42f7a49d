// SPDX-License-Identifier: Apache-2.0
// exray netscan: where the scanner's workers take their next target from.
//
// Each target has a step number: its place in this scan's sequence. Workers on several threads
// call next() concurrently. SpaceFeed walks a ScanOrder over a TargetSpace (skipping the steps a
// resumed scan already finished); StreamFeed reads addresses as ZMap, masscan or a plain list
// print them, one per line, for `zmap … | exray scan --stdin`.
#pragma once

#include <atomic>
#include <cstdint>
#include <istream>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "exray/netscan/scan_order.hpp"
#include "exray/netscan/target_space.hpp"

namespace exray::netscan {

struct NextTarget {
  std::uint64_t step = 0;
  Target target;
};

class TargetFeed {
 public:
  virtual ~TargetFeed() = default;
  // Nothing once the feed is exhausted. Thread-safe.
  [[nodiscard]] virtual std::optional<NextTarget> next() = 0;
};

class SpaceFeed final : public TargetFeed {
 public:
  // Starts at step `first`; `skip` holds later steps that are already done (sorted).
  SpaceFeed(const TargetSpace& space, ScanOrder order, std::uint64_t first = 0, std::vector<std::uint64_t> skip = {});
  [[nodiscard]] std::optional<NextTarget> next() override;

 private:
  const TargetSpace& space_;
  ScanOrder order_;
  std::atomic<std::uint64_t> cursor_;
  std::vector<std::uint64_t> skip_;
};

class StreamFeed final : public TargetFeed {
 public:
  // `space` supplies the exclusions and the ports for lines that name no port.
  StreamFeed(std::istream& in, const TargetSpace& space);
  [[nodiscard]] std::optional<NextTarget> next() override;
  // Lines that held no address (reported once at the end, not per line).
  [[nodiscard]] std::uint64_t unreadable_lines() const noexcept { return unreadable_; }

 private:
  std::mutex mutex_;
  std::istream& in_;
  const TargetSpace& space_;
  std::vector<Target> pending_;  // one address on several ports
  std::uint64_t step_ = 0, unreadable_ = 0;
};

// One line of scanner output → address and (when the line names one) port. Understands a bare
// address, ZMap CSV (the address first), masscan -oL ("open tcp 443 192.0.2.7 …"), masscan -oG
// ("Host: 192.0.2.7 () Ports: 443/open/tcp////"), masscan -oJ/-oD JSON ("ip": "…", "port": 443)
// and "address:port" / "[v6]:port".
struct ListedTarget {
  IpAddress address;
  std::uint16_t port = 0;  // 0: not given
};
[[nodiscard]] std::optional<ListedTarget> parse_listed_target(std::string_view line);

}  // namespace exray::netscan
