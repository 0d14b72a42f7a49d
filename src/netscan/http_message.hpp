// SPDX-License-Identifier: Apache-2.0
// The Beast parser the scanner reads responses with, and its conversion to HttpResponse: one
// place for both the network path (Connection) and the in-memory one (parse_http_response).
#pragma once

#include "asio.hpp"
#include "exray/netscan/http_response.hpp"

namespace exray::netscan {

using ResponseParser = http::response_parser<http::string_body>;

void apply_limits(ResponseParser& parser, const HttpLimits& limits);
// Once the header is parsed: whether a declared Content-Length passes the body cap. Beast 1.74
// skips its own check when it parses eagerly (as http::async_read does), so we look ourselves
// and keep the headers without reading such a body.
[[nodiscard]] bool declared_body_too_large(const ResponseParser& parser, const HttpLimits& limits);
[[nodiscard]] HttpResponse to_response(ResponseParser& parser);

}  // namespace exray::netscan
