// SPDX-License-Identifier: Apache-2.0
#include "exray/core/cancel.hpp"

#include <csignal>

namespace exray {
namespace {
Cancellation g_process;

extern "C" void on_signal(int sig) {
  g_process.request();
  // A second Ctrl-C means "now": the default action ends the process.
  std::signal(sig, SIG_DFL);
}
}  // namespace

Cancellation& process_cancellation() noexcept { return g_process; }

void install_cancel_on_signals() noexcept {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

}  // namespace exray
