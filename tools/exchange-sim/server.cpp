// SPDX-License-Identifier: Apache-2.0
// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// (keep the line above first)
#include <fmt/format.h>
#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "server.hpp"

namespace exsim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

using Contexts = std::vector<std::unique_ptr<asio::io_context>>;

// The served address a connection was made to, or nothing for any other network.
std::optional<Address> served_address(const asio::ip::address& a) {
  if (a.is_v4() && is_loopback_v4(a.to_v4().to_uint())) return Address{false, a.to_v4().to_uint()};
  if (a.is_v6() && a.to_v6().is_loopback()) return Address{true, 0};
  return std::nullopt;
}

void on_accepted(tcp::socket socket, const ServeContext& shared) {
  error_code ec;
  const auto local = socket.local_endpoint(ec);
  const auto address = ec ? std::nullopt : served_address(local.address());
  if (!address) {
    if (shared.log != nullptr) shared.log->connect(ec ? "unknown" : local.address().to_string(), true);
    socket.set_option(asio::socket_base::linger(true, 0), ec);
    socket.close(ec);
    return;
  }
  start_connection(std::move(socket), *address, shared);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, Contexts& contexts, const ServeContext& shared) {
  asio::steady_timer backoff(acceptor.get_executor());
  std::size_t next = 0;
  for (;;) {
    tcp::socket socket(*contexts[next]);
    error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors or memory: let connections finish instead of spinning.
      backoff.expires_after(std::chrono::milliseconds(10));
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    next = (next + 1) % contexts.size();
    on_accepted(std::move(socket), shared);
  }
}

bool open_listener(tcp::acceptor& acceptor, const tcp::endpoint& endpoint, error_code& ec) {
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return false;
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (endpoint.protocol() == tcp::v6()) acceptor.set_option(asio::ip::v6_only(true), ec);
  acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) acceptor.close();
  return !ec;
}

// Thousands of connections in flight each hold a descriptor; the default soft limit (often
// 1024) would turn a benchmark into a test of accept() failures.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int serve(const ServerOptions& options, const ServeContext& shared) {
  raise_descriptor_limit();
  std::signal(SIGPIPE, SIG_IGN);

  Contexts contexts;
  for (unsigned i = 0; i < options.threads; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
  auto& main_context = *contexts.front();
  std::optional<tcp::acceptor> v4, v6;
  std::uint16_t port = options.port;
  error_code ec;
  // With --port 0 the IPv4 port is the kernel's choice; try a few if ::1 has it taken.
  for (int attempt = 0; attempt < 20; ++attempt) {
    v4.emplace(main_context);
    if (!open_listener(*v4, {asio::ip::address_v4::any(), options.port}, ec)) {
      fmt::print(stderr, "exchange-sim: cannot listen on 0.0.0.0:{}: {}\n", options.port, ec.message());
      return 1;
    }
    port = v4->local_endpoint().port();
    v6.emplace(main_context);
    if (open_listener(*v6, {asio::ip::address_v6::loopback(), port}, ec)) break;
    v6.reset();
    if (ec != asio::error::address_in_use || options.port != 0) {
      fmt::print(stderr, "exchange-sim: warning: not listening on [::1]:{}: {}\n", port, ec.message());
      break;
    }
  }

  std::optional<asio::signal_set> signals(std::in_place, main_context, SIGINT, SIGTERM);
  signals->async_wait([&](const error_code&, int) {
    error_code ignored;
    v4->close(ignored);
    if (v6) v6->close(ignored);
    for (auto& c : contexts) c->stop();
  });
  asio::co_spawn(main_context, accept_loop(*v4, contexts, shared), asio::detached);
  if (v6) asio::co_spawn(main_context, accept_loop(*v6, contexts, shared), asio::detached);

  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  for (auto& c : contexts) keep_running.push_back(asio::make_work_guard(*c));

  fmt::print("listening on port {}\n", port);
  std::fflush(stdout);

  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < contexts.size(); ++i) threads.emplace_back([&c = *contexts[i]] { c.run(); });
    main_context.run();
  }
  // Tear down in dependency order: the acceptors' pending accepts hold sockets of the other
  // contexts, so the main context goes before them; each context's destructor then drops the
  // connections still waiting in it.
  keep_running.clear();
  signals.reset();
  v4.reset();
  v6.reset();
  for (auto& c : contexts) c.reset();
  return 0;
}

}  // namespace exsim
