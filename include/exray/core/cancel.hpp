// SPDX-License-Identifier: Apache-2.0
// exray core: cooperative cancellation.
//
// Long-running engines poll a Cancellation between units of work (a file, a block, a host) and
// stop with Errc::cancelled; Ctrl-C sets the process-wide one, so partial results still flush.
#pragma once

#include <atomic>

namespace exray {

class Cancellation {
 public:
  [[nodiscard]] bool requested() const noexcept { return flag_.load(std::memory_order_relaxed); }
  // Safe to call from a signal handler: a lock-free atomic store.
  void request() noexcept { flag_.store(true, std::memory_order_relaxed); }

 private:
  std::atomic<bool> flag_{false};
  static_assert(std::atomic<bool>::is_always_lock_free);
};

// The one the CLI hands to engines; SIGINT and SIGTERM request it once installed.
[[nodiscard]] Cancellation& process_cancellation() noexcept;
void install_cancel_on_signals() noexcept;

}  // namespace exray
