// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/http_response.hpp"

#include <algorithm>

#include "asio.hpp"
#include "http_message.hpp"

namespace exray::netscan {
namespace {

bool iequal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string_view HttpResponse::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (iequal(n, name)) return v;
  return {};
}

bool HttpResponse::has_header(std::string_view name) const noexcept {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return iequal(h.first, name); });
}

void apply_limits(ResponseParser& parser, const HttpLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
  parser.body_limit(limits.max_body_bytes);
}

bool declared_body_too_large(const ResponseParser& parser, const HttpLimits& limits) {
  const auto length = parser.content_length();
  return length && *length > limits.max_body_bytes;
}

HttpResponse to_response(ResponseParser& parser) {
  auto& message = parser.get();
  HttpResponse response;
  response.status = message.result_int();
  for (const auto& field : message)
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  response.body = std::move(message.body());
  return response;
}

Result<HttpResponse> parse_http_response(std::string_view bytes, const HttpLimits& limits) {
  ResponseParser parser;
  apply_limits(parser, limits);
  error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && used < bytes.size()) {
    const auto n = parser.put(asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec || n == 0) break;
    if (parser.is_header_done() && declared_body_too_large(parser, limits)) return to_response(parser);
  }
  if (!ec && !parser.is_done() && parser.is_header_done() && parser.need_eof()) parser.put_eof(ec);
  if (ec == http::error::body_limit && parser.is_header_done()) return to_response(parser);
  if (ec == http::error::header_limit) return fail(Errc::limit_exceeded, "response headers over the limit");
  if (ec && ec != http::error::need_more) return fail(Errc::parse_error, "not an HTTP response: " + ec.message());
  if (!parser.is_done()) return fail(Errc::parse_error, "the response is cut short");
  return to_response(parser);
}

}  // namespace exray::netscan
