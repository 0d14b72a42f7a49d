// SPDX-License-Identifier: Apache-2.0
// exray netscan: the opt-in checks, exactly as documented (DETECTIONS.md, Network), and what
// their answers mean. They trigger the flaw read-only: the server routes a request to itself
// (ProxyLogon) or resolves an autodiscover path (ProxyShell); nothing is written, nothing
// authenticates. No other request is ever sent by a probe.
#pragma once

#include <optional>
#include <string_view>

#include "exray/netscan/fingerprint.hpp"
#include "exray/netscan/host_result.hpp"

namespace exray::netscan {

// Microsoft's nmap check for CVE-2021-26855: vulnerable when X-CalculatedBETarget names localhost.
inline constexpr std::string_view kProxyLogonPath = "/owa/auth/x.js";
inline constexpr std::string_view kProxyLogonCookie =
    "X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3; "
    "X-BEResource=localhost/owa/auth/logon.aspx?~3;";
// The autodiscover check for CVE-2021-34473: 302 vulnerable, 400 not.
inline constexpr std::string_view kProxyShellPath =
    "/autodiscover/autodiscover.json?@test.com/owa/?&Email=autodiscover/autodiscover.json%3F@test.com";

// `response` is null when none came; `failure` then says why. A request cut off unanswered
// (reset or closed) is what Microsoft's URL Rewrite mitigation does to it: "mitigated".
[[nodiscard]] ProbeOutcome read_probe(Probe probe, const HttpResponse* response, ErrorKind failure);

}  // namespace exray::netscan
