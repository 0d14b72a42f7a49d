// SPDX-License-Identifier: Apache-2.0
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep the line above first)
#include <fmt/format.h>

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <charconv>
#include <chrono>
#include <csignal>

#include "exray/web/server.hpp"

namespace exray::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// A dashboard request is a line and a few headers; anything bigger is not one.
constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;
constexpr std::uint64_t kMaxBodyBytes = 4 * 1024;
// A client gets this long to send its request and to take the answer.
constexpr std::chrono::seconds kDeadline{15};
// After the answer, how long and how much the client may still send before the socket closes.
constexpr std::chrono::seconds kLinger{2};
constexpr std::size_t kMaxLingerBytes = 256 * 1024;
// Connections beyond this are closed at once: one thread serves them all.
constexpr std::size_t kMaxConnections = 32;

std::string_view header(const http::request<http::string_body>& request, http::field field) {
  const auto it = request.find(field);
  return it == request.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

beast::string_view beast_view(std::string_view s) { return {s.data(), s.size()}; }

template <class Body>
void set_headers(http::response<Body>& out, const Response& response) {
  for (const auto& [name, value] : response_headers()) out.set(beast_view(name), beast_view(value));
  for (const auto& [name, value] : response.headers) out.set(beast_view(name), beast_view(value));
  out.keep_alive(false);
}

asio::awaitable<void> write_response(beast::tcp_stream& stream, const Response& response, bool head, unsigned version) {
  error_code ec;
  stream.expires_after(kDeadline);
  if (head) {
    // HEAD: the headers a GET would get, with its length, and no body.
    http::response<http::empty_body> out{static_cast<http::status>(response.status), version};
    set_headers(out, response);
    out.content_length(response.body.size());
    co_await http::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
  } else {
    http::response<http::string_body> out{static_cast<http::status>(response.status), version, response.body};
    set_headers(out, response);
    out.prepare_payload();
    co_await http::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
  }
  // A lingering close: what the client still sends (the rest of an oversized request) is read
  // and dropped until it closes, so the kernel does not answer it with a reset that could
  // destroy the response before the client has read it.
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kLinger);
  std::array<char, 4096> sink{};
  for (std::size_t drained = 0; !ec && drained < kMaxLingerBytes;)
    drained += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> session(tcp::socket socket, const DashboardOptions& options, std::size_t& open) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
  error_code ec;
  stream.expires_after(kDeadline);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec == http::error::header_limit || ec == http::error::body_limit) {
    co_await write_response(stream, Response{413, "", {}}, false, 11);
  } else if (!ec) {
    const auto& request = parser.get();
    const Request in{std::string_view(request.method_string().data(), request.method_string().size()),
                     std::string_view(request.target().data(), request.target().size()),
                     header(request, http::field::authorization), header(request, http::field::cookie),
                     header(request, http::field::host)};
    const auto response = handle(options, in);
    co_await write_response(stream, response, request.method() == http::verb::head, request.version());
  }
  --open;
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const DashboardOptions& options) {
  std::size_t open = 0;
  asio::steady_timer backoff(acceptor.get_executor());
  for (;;) {
    error_code ec;
    auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors: let the open connections finish instead of spinning.
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (open >= kMaxConnections) {
      socket.close(ec);
      continue;
    }
    ++open;
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket), options, open), asio::detached);
  }
}

}  // namespace

Result<ListenAddress> parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return fail(Errc::invalid_argument, fmt::format("--listen '{}' is not ADDRESS:PORT", text));
  auto host = text.substr(0, colon);
  const auto port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535)
    return fail(Errc::invalid_argument, fmt::format("--listen '{}': the port is not a number up to 65535", text));
  error_code bad;
  const auto address = asio::ip::make_address(std::string(host), bad);
  if (bad)
    return fail(Errc::invalid_argument,
                fmt::format("--listen '{}': '{}' is not an IP address (a name is not accepted)", text, host));
  return ListenAddress{address.to_string(), static_cast<std::uint16_t>(port), address.is_loopback()};
}

Result<void> serve(const ListenAddress& listen, const DashboardOptions& options,
                   const std::function<void(const std::string& url)>& on_listening) {
  std::signal(SIGPIPE, SIG_IGN);
  asio::io_context context(1);
  error_code ec;
  const tcp::endpoint endpoint(asio::ip::make_address(listen.address, ec), listen.port);
  tcp::acceptor acceptor(context);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail(Errc::io_error, fmt::format("cannot listen on {}:{}: {}", listen.address, listen.port, ec.message()));
  const auto bound = acceptor.local_endpoint();
  const auto host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
  on_listening(fmt::format("http://{}:{}/", host, bound.port()));

  asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](const error_code&, int) {
    error_code ignored;
    acceptor.close(ignored);
    context.stop();
  });
  asio::co_spawn(context, accept_loop(acceptor, options), asio::detached);
  context.run();
  return {};
}

}  // namespace exray::web
