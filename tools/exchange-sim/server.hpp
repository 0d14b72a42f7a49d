// SPDX-License-Identifier: Apache-2.0
// The listener: one TCP port for all of 127.0.0.0/8 (0.0.0.0:PORT) and for [::1]:PORT.
//
// One acceptor loop hands connections round-robin to N io_contexts, one thread each, so a
// connection never needs a lock. A connection whose local address is not loopback is reset
// at once, unread: the simulator must never serve another network.
#pragma once

#include <cstdint>

#include "connection.hpp"

namespace exsim {

struct ServerOptions {
  std::uint16_t port = 0;  // 0: pick a free one
  unsigned threads = 2;
};

// Listens, prints "listening on port P" to stdout, and serves until SIGINT or SIGTERM.
// Returns the exit status (0 after a signal; 1 when it cannot listen).
[[nodiscard]] int serve(const ServerOptions& options, const ServeContext& shared);

}  // namespace exsim
