// SPDX-License-Identifier: Apache-2.0
// The dashboard behind a socket: HTTP/1.1 with Boost.Beast on one thread, each connection one
// request with a size limit and a deadline, at most a few dozen connections at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "exray/core/error.hpp"
#include "exray/web/dashboard.hpp"

namespace exray::web {

struct ListenAddress {
  std::string address;  // an IP address: "127.0.0.1", "::1", "0.0.0.0"
  std::uint16_t port = 0;
  bool loopback = false;
};

// "ADDRESS:PORT" or "[IPv6]:PORT"; port 0 lets the system choose. Host names are refused: the
// loopback rule must judge the address that is bound, not a name.
[[nodiscard]] Result<ListenAddress> parse_listen(std::string_view text);

// Serves until SIGINT or SIGTERM. `on_listening` gets the URL once the socket is bound (with the
// port the system chose for port 0).
[[nodiscard]] Result<void> serve(const ListenAddress& listen, const DashboardOptions& options,
                                 const std::function<void(const std::string& url)>& on_listening);

}  // namespace exray::web
