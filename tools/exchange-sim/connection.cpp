// SPDX-License-Identifier: Apache-2.0
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep the line above first)
#include <fmt/format.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "connection.hpp"
#include "hash.hpp"
#include "responses.hpp"

namespace exsim {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto kIdle = 20s;       // any read or write that makes no progress
constexpr auto kLongHaul = 120s;  // silent and slow-drip hosts hold the connection this long
constexpr auto kCloseWait = 2s;   // for the peer's close_notify after ours
constexpr auto kDripEvery = 250ms;
constexpr std::size_t kHeaderLimit = 16U << 10;
constexpr std::size_t kBodyLimit = 64U << 10;
constexpr std::size_t kBufferLimit = kHeaderLimit + kBodyLimit + (4U << 10);
constexpr unsigned kMaxRequests = 100;  // per connection; the scanner sends up to 4
constexpr std::size_t kGarbageBytes = 4096;

constexpr std::string_view kPlaintextBadRequest = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
constexpr std::string_view kDripHead = "HTTP/1.1 200 OK\r\nX-Filler: ";
constexpr std::string_view kResetHead = "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nX-OWA-Ver";

std::atomic<std::uint64_t> g_request_ids{0x5EED'0000'0000'0000ULL};

auto with(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

// A message that cannot be parsed or is over our limits (as opposed to a peer going away).
bool is_bad_request(const error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const Address& address, const ServeContext& shared)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        shared_(shared),
        host_(shared.fleet->host(address)),
        address_text_(address.to_string()) {}

  static asio::awaitable<void> serve(std::shared_ptr<Connection> self) {
    auto& c = *self;
    if (c.shared_.log != nullptr) c.shared_.log->connect(c.address_text_, c.host_.behaviour == Behaviour::rejects);
    switch (c.host_.behaviour) {
      case Behaviour::rejects:
        c.reset();
        break;
      case Behaviour::silent:
        co_await c.drain(kLongHaul);
        break;
      case Behaviour::bad_tls:
        co_await c.plaintext_reply();
        break;
      default:
        co_await c.serve_tls();
        break;
    }
    c.finish();
  }

 private:
  tcp::socket& lowest() { return tls_ ? tls_->next_layer() : socket_; }

  // Moves the watchdog's deadline to `timeout` from now. A later deadline costs nothing (the
  // pending wait looks again when it fires); an earlier one re-arms the timer.
  void arm(Clock::duration timeout) {
    deadline_ = Clock::now() + timeout;
    if (waiting_ && deadline_ >= timer_.expiry()) return;
    timer_.expires_at(deadline_);
    wait();
  }

  void wait() {
    waiting_ = true;
    timer_.async_wait([self = shared_from_this(), generation = ++generation_](const error_code& ec) {
      if (generation != self->generation_) return;  // superseded by an earlier deadline
      self->waiting_ = false;
      if (ec || self->finished_) return;
      if (Clock::now() < self->deadline_) {
        self->timer_.expires_at(self->deadline_);
        self->wait();
        return;
      }
      self->close();  // whatever is pending fails, and the coroutine ends
    });
  }

  void finish() {
    finished_ = true;
    timer_.cancel();
    close();
  }

  void close() {
    error_code ignored;
    lowest().close(ignored);
  }

  // A TCP reset: SO_LINGER {1, 0} makes close() drop the connection with RST, no FIN.
  void reset() {
    error_code ignored;
    lowest().set_option(asio::socket_base::linger(true, 0), ignored);
    lowest().close(ignored);
  }

  // Reads and discards until the peer closes or the deadline passes.
  asio::awaitable<void> drain(Clock::duration timeout) {
    arm(timeout);
    char scratch[1024];
    for (;;) {
      error_code ec;
      co_await lowest().async_read_some(asio::buffer(scratch), with(ec));
      if (ec) co_return;
    }
  }

  // bad-tls: plaintext HTTP where a TLS server hello belongs. Half-close and drain rather than
  // close at once: closing with the ClientHello unread would send a reset, not our bytes.
  asio::awaitable<void> plaintext_reply() {
    arm(kIdle);
    error_code ec;
    co_await asio::async_write(lowest(), asio::buffer(kPlaintextBadRequest), with(ec));
    if (ec) co_return;
    lowest().shutdown(tcp::socket::shutdown_send, ec);
    co_await drain(kIdle);
  }

  asio::awaitable<void> write(std::string_view bytes) {
    arm(kIdle);
    error_code ec;
    co_await asio::async_write(*tls_, asio::buffer(bytes.data(), bytes.size()), with(ec));
    if (ec) close();
  }

  // close_notify, then wait briefly for the peer's.
  asio::awaitable<void> tls_close() {
    if (!lowest().is_open()) co_return;
    arm(kCloseWait);
    error_code ec;
    co_await tls_->async_shutdown(with(ec));
  }

  asio::awaitable<void> serve_tls() {
    error_code ec;
    lowest().set_option(tcp::no_delay(true), ec);
    tls_.emplace(std::move(socket_), shared_.tls->get(host_.cert_kind(), host_.org));
    // Asio asks OpenSSL to free its record buffers whenever idle; for connections this short
    // that is only a free and a fresh allocation per record.
    SSL_clear_mode(tls_->native_handle(), SSL_MODE_RELEASE_BUFFERS);
    arm(kIdle);
    co_await tls_->async_handshake(asio::ssl::stream_base::server, with(ec));
    if (ec) co_return;

    boost::beast::flat_buffer buffer(kBufferLimit);
    for (unsigned n = 0; n < kMaxRequests; ++n) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(kHeaderLimit);
      parser.body_limit(kBodyLimit);
      arm(kIdle);
      co_await http::async_read(*tls_, buffer, parser, with(ec));
      if (ec) {
        if (is_bad_request(ec) && lowest().is_open()) {
          co_await write(bad_request(host_, g_request_ids.fetch_add(1, std::memory_order_relaxed)));
          co_await tls_close();
        }
        co_return;
      }
      const auto& message = parser.get();
      const Request request{sv(message.method_string()), sv(message.target()), sv(message[http::field::host]),
                            sv(message[http::field::cookie])};
      if (shared_.log != nullptr) shared_.log->request(address_text_, request.method, request.target, request.cookie);
      if (!is_web_server(host_.behaviour)) {
        co_await misbehave();
        co_return;
      }
      const bool last = !message.keep_alive() || n + 1 == kMaxRequests;
      const auto reply = respond(host_, request, g_request_ids.fetch_add(1, std::memory_order_relaxed), last);
      if (reply.reset) {
        reset();
        co_return;
      }
      co_await write(reply.bytes);
      if (!lowest().is_open()) co_return;
      if (last) {
        co_await tls_close();
        co_return;
      }
    }
  }

  // The misbehaving hosts, once a request has been read.
  asio::awaitable<void> misbehave() {
    switch (host_.behaviour) {
      case Behaviour::slow_drip:
        co_await slow_drip();
        break;
      case Behaviour::reset_mid_response:
        co_await write(kResetHead);
        reset();
        break;
      case Behaviour::garbage: {
        std::string bytes(kGarbageBytes, '\0');
        ByteStream rng(host_.key ^ 0x6761'7262'6167'6500ULL);
        for (auto& b : bytes) b = static_cast<char>(rng.next() >> 56);
        if (bytes[0] == 'H') bytes[0] = '\x7F';
        co_await write(bytes);
        co_await tls_close();
        break;
      }
      case Behaviour::huge_headers:
        co_await write(shared_.huge_headers);
        co_await tls_close();
        break;
      case Behaviour::hangs_up:
        co_await tls_close();
        break;
      default:
        break;
    }
  }

  asio::awaitable<void> slow_drip() {
    error_code ec;
    co_await asio::async_write(*tls_, asio::buffer(kDripHead), with(ec));
    // One overall deadline; a peer that goes away makes a write fail sooner.
    arm(kLongHaul);
    asio::steady_timer tick(lowest().get_executor());
    const auto end = Clock::now() + kLongHaul;
    while (!ec && lowest().is_open() && Clock::now() < end) {
      tick.expires_after(kDripEvery);
      co_await tick.async_wait(with(ec));
      if (ec || !lowest().is_open()) break;
      co_await asio::async_write(*tls_, asio::buffer("a", 1), with(ec));
    }
  }

  tcp::socket socket_;  // moved into tls_ once the host turns out to speak TLS
  std::optional<asio::ssl::stream<tcp::socket>> tls_;
  asio::steady_timer timer_;
  Clock::time_point deadline_{};
  std::uint64_t generation_ = 0;
  bool waiting_ = false;
  bool finished_ = false;
  const ServeContext& shared_;
  const Host host_;
  const std::string address_text_;
};

asio::awaitable<void> run(tcp::socket socket, Address address, const ServeContext& shared) {
  // Built here, on the connection's own thread, rather than on the accepting one.
  co_await Connection::serve(std::make_shared<Connection>(std::move(socket), address, shared));
}

}  // namespace

void start_connection(tcp::socket socket, const Address& address, const ServeContext& shared) {
  auto executor = socket.get_executor();
  asio::co_spawn(executor, run(std::move(socket), address, shared), asio::detached);
}

std::string make_huge_headers() {
  constexpr std::size_t kTotal = 1U << 20, kLine = 1024;
  std::string s = "HTTP/1.1 200 OK\r\n";
  s.reserve(kTotal + 64);
  for (std::size_t n = 0; n < kTotal / kLine; ++n) {
    const auto start = s.size();
    fmt::format_to(std::back_inserter(s), "X-Filler-{}: ", n);
    s.append(kLine - 2 - (s.size() - start), 'a');
    s += "\r\n";
  }
  s += "\r\n";
  return s;
}

}  // namespace exsim
