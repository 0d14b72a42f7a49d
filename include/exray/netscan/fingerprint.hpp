// SPDX-License-Identifier: Apache-2.0
// exray netscan: reading Exchange and its build from HTTP responses.
//
// Pure functions over one response, so they can be tested and fuzzed without a network. The
// scanner asks for the three sources cheapest first (DETECTIONS.md, Network): the X-OWA-Version
// header (all four parts), the eDiscovery export tool's ClickOnce manifest (four parts; the KB may
// not know the build, then it is "at least" the nearest known one), and the OWA logon page's
// resource paths (three parts: the CU, not the security update). Every byte here comes from the
// scanned host, so nothing is trusted: sizes are capped by the client and parsing never indexes
// past what was received.
#pragma once

#include <optional>
#include <string_view>

#include "exray/kb/build.hpp"
#include "exray/netscan/http_response.hpp"

namespace exray::netscan {

enum class BuildSource : std::uint8_t { none, owa_header, exporttool, owa_path };
[[nodiscard]] std::string_view to_code(BuildSource source) noexcept;  // "x-owa-version", …

// The requests, in the order the scanner sends them.
inline constexpr std::string_view kOwaPath = "/owa/";
inline constexpr std::string_view kExportToolPath =
    "/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application";
inline constexpr std::string_view kLogonPagePath = "/owa/auth/logon.aspx";

[[nodiscard]] std::optional<kb::Build> build_from_owa_header(const HttpResponse& response);
[[nodiscard]] std::optional<kb::Build> build_from_exporttool(const HttpResponse& response);
[[nodiscard]] std::optional<kb::Build> build_from_logon_page(const HttpResponse& response);

// Signs that only Exchange gives: its own headers (X-OWA-Version, X-FEServer, X-BEServer,
// X-CalculatedBETarget), a redirect to the OWA logon page, or versioned OWA resource paths.
// Words in a page ("Outlook", "Exchange") are not enough: any page can say them.
[[nodiscard]] bool looks_like_exchange(const HttpResponse& response);

}  // namespace exray::netscan
