// SPDX-License-Identifier: Apache-2.0
// What a web-serving host answers to one parsed request: pure, so the server's socket code and
// this logic change for different reasons (and the logic can be read in one place).
//
// Exchange hosts route the paths a scanner uses (/owa/, the OWA sign-in page, the export tool
// manifest, autodiscover.json) and model ProxyLogon, ProxyShell and Microsoft's EOMT rewrite
// rule; nginx, IIS and catch-all hosts answer every request the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "behaviour.hpp"

namespace exsim {

struct Request {
  std::string_view method;
  std::string_view target;  // as sent: path and query, percent-encoded
  std::string_view host;    // the Host header; may be empty
  std::string_view cookie;  // the Cookie header; may be empty
};

struct Reply {
  bool reset = false;  // no response: reset the connection (the EOMT rule's answer)
  std::string bytes;   // status line, headers and body, ready to write
};

// `close`: the connection closes after this reply, so say Connection: close.
[[nodiscard]] Reply respond(const Host& host, const Request& request, std::uint64_t request_id, bool close);

// A reply for a request that could not be parsed (or was too large); always closes.
[[nodiscard]] std::string bad_request(const Host& host, std::uint64_t request_id);

// Microsoft's EOMT URL Rewrite rule: a cookie X-AnonResource-Backend, a cookie matching
// X-BEResource=.+/.+~.+, or a URL-decoded target naming both autodiscover and powershell
// (all case-insensitive).
[[nodiscard]] bool eomt_blocks(const Request& request);

}  // namespace exsim
