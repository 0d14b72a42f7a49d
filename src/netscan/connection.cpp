// SPDX-License-Identifier: Apache-2.0
#include "connection.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <memory>

#include "http_message.hpp"

namespace exray::netscan {
namespace {

using asio::redirect_error;
using asio::use_awaitable;

asio::ip::address to_asio(const IpAddress& a) {
  if (!a.v6) return asio::ip::address_v4(static_cast<std::uint32_t>(a.value));
  asio::ip::address_v6::bytes_type bytes{};
  for (std::size_t i = 0; i < 16; ++i) bytes[i] = static_cast<unsigned char>(a.value >> ((15 - i) * 8));
  return asio::ip::address_v6(bytes);
}

// Names as the certificate gives them, kept only if they are plain printable text.
void add_name(std::vector<std::string>& names, const unsigned char* data, int length) {
  if (data == nullptr || length <= 0 || length > 255 || names.size() >= 32) return;
  std::string name(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
  for (char c : name)
    if (c < 0x21 || c > 0x7e) return;
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
}

std::vector<std::string> certificate_names_of(SSL* ssl) {
  std::vector<std::string> names;
  X509* cert = SSL_get0_peer_certificate(ssl);
  if (cert == nullptr) return names;
  struct NamesFree {
    void operator()(GENERAL_NAMES* n) const noexcept { GENERAL_NAMES_free(n); }
  };
  std::unique_ptr<GENERAL_NAMES, NamesFree> alt(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (alt) {
    for (int i = 0; i < sk_GENERAL_NAME_num(alt.get()); ++i) {
      const GENERAL_NAME* entry = sk_GENERAL_NAME_value(alt.get(), i);
      if (entry->type == GEN_DNS)
        add_name(names, ASN1_STRING_get0_data(entry->d.dNSName), ASN1_STRING_length(entry->d.dNSName));
    }
  }
  if (names.empty()) {
    const X509_NAME* subject = X509_get_subject_name(cert);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index >= 0) {
      const ASN1_STRING* cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
      add_name(names, ASN1_STRING_get0_data(cn), ASN1_STRING_length(cn));
    }
  }
  return names;
}

}  // namespace

asio::ssl::context make_scan_tls_context() {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_verify_mode(asio::ssl::verify_none);
  SSL_CTX* ctx = tls.native_handle();
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
  return tls;
}

ErrorKind classify(const error_code& ec) noexcept {
  namespace err = asio::error;
  if (ec == err::connection_refused) return ErrorKind::refused;
  if (ec == err::host_unreachable || ec == err::network_unreachable) return ErrorKind::unreachable;
  if (ec == beast::error::timeout || ec == err::timed_out) return ErrorKind::timeout;
  if (ec == err::connection_reset || ec == err::broken_pipe || ec == err::connection_aborted) return ErrorKind::reset;
  if (ec == err::eof || ec == asio::ssl::error::stream_truncated || ec == http::error::end_of_stream ||
      ec == http::error::partial_message)
    return ErrorKind::closed;
  if (ec.category() == err::get_ssl_category()) return ErrorKind::tls;
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) return ErrorKind::too_large;
  if (ec.category() == http::make_error_code(http::error::bad_version).category()) return ErrorKind::not_http;
  return ErrorKind::other;
}

Connection::Connection(asio::any_io_executor executor, asio::ssl::context& tls, const Target& target,
                       const ScanOptions& options)
    : executor_(std::move(executor)), tls_(tls), target_(target), options_(options) {
  const auto address = target.address.to_string();
  host_header_ = !target.name.empty() ? target.name : target.address.v6 ? "[" + address + "]" : address;
  if (target.port != 443) host_header_ += ":" + std::to_string(target.port);
}

asio::awaitable<bool> Connection::open(StepError& error) {
  close();
  stream_.emplace(executor_, tls_);
  auto& tcp = beast::get_lowest_layer(*stream_);
  error_code ec;
  tcp.expires_after(options_.connect_timeout);
  co_await tcp.async_connect(asio::ip::tcp::endpoint(to_asio(target_.address), target_.port),
                             redirect_error(use_awaitable, ec));
  if (ec) {
    error = StepError{classify(ec), "connect", ec.message()};
    co_return false;
  }
  tcp.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  // SNI only for a name the user gave: an address in SNI is not allowed (RFC 6066).
  // (SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.)
  if (!target_.name.empty())
    SSL_ctrl(stream_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(target_.name.c_str()));
  tcp.expires_after(options_.tls_timeout);
  co_await stream_->async_handshake(asio::ssl::stream_base::client, redirect_error(use_awaitable, ec));
  if (ec) {
    const auto kind = classify(ec);
    // A peer that closes during the handshake is not speaking TLS to us either.
    error = StepError{kind == ErrorKind::closed ? ErrorKind::tls : kind, "tls", ec.message()};
    co_return false;
  }
  if (names_.empty()) names_ = certificate_names_of(stream_->native_handle());
  buffer_.clear();
  reusable_ = true;
  co_return true;
}

asio::awaitable<std::optional<HttpResponse>> Connection::get(std::string_view path, std::string_view cookie,
                                                             StepError& error) {
  if (!reusable_ && !co_await open(error)) co_return std::nullopt;
  reusable_ = false;
  ++requests_;
  http::request<http::empty_body> request{http::verb::get, beast::string_view(path.data(), path.size()), 11};
  request.set(http::field::host, host_header_);
  request.set(http::field::user_agent, options_.user_agent);
  request.set(http::field::accept, "*/*");
  if (!cookie.empty()) request.set(http::field::cookie, beast::string_view(cookie.data(), cookie.size()));
  request.keep_alive(true);

  auto& tcp = beast::get_lowest_layer(*stream_);
  tcp.expires_after(options_.request_timeout);  // one deadline for the write and the whole read
  error_code ec;
  co_await http::async_write(*stream_, request, redirect_error(use_awaitable, ec));
  ResponseParser parser;
  const HttpLimits limits{options_.max_header_bytes, options_.max_body_bytes};
  apply_limits(parser, limits);
  if (!ec) co_await http::async_read_header(*stream_, buffer_, parser, redirect_error(use_awaitable, ec));
  // A body over the cap still leaves usable headers; the connection is then spent.
  bool body_skipped = !ec && declared_body_too_large(parser, limits);
  if (!ec && !body_skipped) co_await http::async_read(*stream_, buffer_, parser, redirect_error(use_awaitable, ec));
  if (ec == http::error::body_limit && parser.is_header_done()) body_skipped = true;
  if (ec && !body_skipped) {
    error = StepError{classify(ec), std::string(path), ec.message()};
    close();
    co_return std::nullopt;
  }
  reusable_ = !body_skipped && parser.get().keep_alive() && !parser.need_eof();
  auto response = to_response(parser);
  if (!reusable_) close();
  co_return response;
}

void Connection::close() noexcept {
  if (!stream_) return;
  error_code ignored;
  beast::get_lowest_layer(*stream_).socket().close(ignored);
  stream_.reset();
  reusable_ = false;
}

}  // namespace exray::netscan
