// SPDX-License-Identifier: Apache-2.0
// One accepted connection, served as its host's behaviour says: reset it, stay silent, answer
// in plaintext, or complete TLS and then answer HTTP requests (keep-alive) or misbehave.
//
// A connection lives on one io_context thread from start to end, so it needs no locks; one
// timer per connection bounds every wait (the watchdog closes the socket when it fires).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "access_log.hpp"
#include "behaviour.hpp"
#include "tls.hpp"

namespace exsim {

// What every connection shares; read-only once serving starts (the access log locks itself).
struct ServeContext {
  const Fleet* fleet = nullptr;
  const TlsContexts* tls = nullptr;
  AccessLog* log = nullptr;  // null without --access-log
  std::string huge_headers;  // the huge-headers response, built once
};

// Starts serving `socket`, whose local address is already known to be `address` (a served
// loopback address), on the socket's own executor.
void start_connection(boost::asio::ip::tcp::socket socket, const Address& address, const ServeContext& shared);

// The huge-headers response: a status line, 1 MiB of header lines, and the blank line.
[[nodiscard]] std::string make_huge_headers();

}  // namespace exsim
