// SPDX-License-Identifier: Apache-2.0
// exray web: the dashboard (`exray serve`), a read-only view of the store over HTTP.
//
// A request goes through handle(): the method (GET and HEAD only), then the token when one is
// set (without one, the Host must name the loopback: a web page elsewhere cannot point a name
// of its own at 127.0.0.1 and read the dashboard through the victim's browser), then the page. Each page opens the
// store read-only and reads it afresh, so a scan that finished a moment ago shows on reload. The pages (web/pages.hpp)
// are HTML without script; every response carries headers that forbid script, framing and leaking the address.
// server.hpp puts handle() behind a socket with Boost.Beast.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace exray::web {

struct DashboardOptions {
  std::string db;     // the store's URL, as --db takes it
  std::string token;  // empty: no token asked (loopback only, which `exray serve` enforces)
};

struct Request {
  std::string_view method, target;
  std::string_view authorization, cookie;  // the headers, "" when absent
  std::string_view host;                   // the Host header, "" when absent
};

struct Response {
  unsigned status = 200;
  std::string body;                                          // text/html; for HEAD the server sends only its length
  std::vector<std::pair<std::string, std::string>> headers;  // on top of response_headers()
};

// The headers every response carries, whatever its status.
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>& response_headers();

[[nodiscard]] Response handle(const DashboardOptions& options, const Request& request);

// "localhost", "127.x.y.z" or "[::1]", with or without a port.
[[nodiscard]] bool names_loopback(std::string_view host) noexcept;

}  // namespace exray::web
