// SPDX-License-Identifier: Apache-2.0
// One TLS connection to a target, reused for the host's requests while the server keeps it open.
// Every operation is bounded: connect and handshake by their timeouts, each request (written and
// its whole response read) by one deadline that a slow drip cannot extend, headers and body by
// byte caps. Failures come back as StepErrors sorted into the kinds users act on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asio.hpp"
#include "exray/netscan/host_result.hpp"
#include "exray/netscan/scanner.hpp"

namespace exray::netscan {

// A TLS client context for scanning: no certificate verification (internal Exchange servers
// mostly have self-signed or private-CA certificates; we read names, we do not trust them), old
// protocol versions allowed (Exchange 2010 may speak only TLS 1.0), no session reuse (each host
// is a full handshake, as it is in the wild).
[[nodiscard]] asio::ssl::context make_scan_tls_context();

class Connection {
 public:
  Connection(asio::any_io_executor executor, asio::ssl::context& tls, const Target& target, const ScanOptions& options);

  // Connects and handshakes; on failure fills `error` and returns false.
  asio::awaitable<bool> open(StepError& error);
  // GET `path` (with `cookie` unless empty), reconnecting first if the server closed the
  // connection. On failure fills `error` and returns nothing.
  asio::awaitable<std::optional<HttpResponse>> get(std::string_view path, std::string_view cookie, StepError& error);
  void close() noexcept;

  [[nodiscard]] const std::vector<std::string>& certificate_names() const noexcept { return names_; }
  [[nodiscard]] unsigned requests() const noexcept { return requests_; }

 private:
  using Stream = beast::ssl_stream<beast::tcp_stream>;
  asio::any_io_executor executor_;
  asio::ssl::context& tls_;
  const Target& target_;
  const ScanOptions& options_;
  std::string host_header_;
  std::optional<Stream> stream_;
  beast::flat_buffer buffer_;
  std::vector<std::string> names_;
  unsigned requests_ = 0;
  bool reusable_ = false;
};

// Sorts a Boost error into the kinds users act on.
[[nodiscard]] ErrorKind classify(const error_code& ec) noexcept;

}  // namespace exray::netscan
