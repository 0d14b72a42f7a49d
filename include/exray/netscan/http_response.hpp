// SPDX-License-Identifier: Apache-2.0
// exray netscan: an HTTP response as the scanner keeps it, and the one parser that makes it.
//
// The scanner reads responses with Boost.Beast's parser under strict limits; parse_http_response
// runs the same parser, limits and conversion over bytes already in memory, so tests and the
// fuzzer exercise exactly what a hostile server's bytes go through.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exray/core/error.hpp"

namespace exray::netscan {

struct HttpResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;                                          // possibly cut at the client's cap
  // The first header of that name, compared case-insensitively; empty when absent.
  [[nodiscard]] std::string_view header(std::string_view name) const noexcept;
  [[nodiscard]] bool has_header(std::string_view name) const noexcept;
};

struct HttpLimits {
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t max_body_bytes = 256 * 1024;
};

// One complete response from `bytes` (a body over the cap is cut, not an error). Fails with
// Errc::parse_error for bytes that are not HTTP, Errc::limit_exceeded for headers over the cap.
[[nodiscard]] Result<HttpResponse> parse_http_response(std::string_view bytes, const HttpLimits& limits = {});

}  // namespace exray::netscan
