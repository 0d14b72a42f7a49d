// SPDX-License-Identifier: Apache-2.0
// exray netscan: the asynchronous scanner.
//
// scan() runs one io_context per thread, each with its share of `concurrency` workers; a worker
// takes a target from the feed, waits for the global rate pacer, and runs the host's requests
// on one TLS connection (reconnecting only when the server closes it): X-OWA-Version from
// /owa/, then the export tool manifest, then the logon page, stopping once the build is exact,
// then the probes the user asked for. Every step is bounded by a timeout and byte limits; no
// redirect is followed; nothing authenticates. Results go to a HostSink as each host finishes.
// Memory depends on `concurrency`, not on the number of targets.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "exray/core/cancel.hpp"
#include "exray/core/error.hpp"
#include "exray/netscan/host_result.hpp"
#include "exray/netscan/target_feed.hpp"

namespace exray::netscan {

struct ScanOptions {
  unsigned threads = 0;        // 0: one per core
  unsigned concurrency = 500;  // hosts in flight, over all threads
  double rate = 0;             // new hosts per second over all threads; 0: as fast as possible
  double per_host_rate = 20;   // requests per second to any one host (zgrab2's default)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds tls_timeout{5000};
  std::chrono::milliseconds request_timeout{5000};  // the whole response, however slowly it drips
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t max_body_bytes = 256 * 1024;
  std::vector<Probe> probes;  // opt-in: these trigger the flaw (read-only)
  std::string user_agent = "exray-scan/0.1 (+authorised Exchange exposure scan)";
  Cancellation* cancel = nullptr;
};

class HostSink {
 public:
  virtual ~HostSink() = default;
  // Called once per target, from any scanner thread, one call at a time.
  virtual void on_host(std::uint64_t step, const HostResult& result) = 0;
};

struct ScanSummary {
  std::uint64_t hosts = 0;
  std::chrono::milliseconds elapsed{0};
  bool cancelled = false;
};

[[nodiscard]] Result<ScanSummary> scan(TargetFeed& feed, const ScanOptions& options, HostSink& sink);

}  // namespace exray::netscan
