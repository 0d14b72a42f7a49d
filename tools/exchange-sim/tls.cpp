// SPDX-License-Identifier: Apache-2.0
#include "tls.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace exsim {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const noexcept { X509_free(p); }
};
struct ExtensionFree {
  void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Extension = std::unique_ptr<X509_EXTENSION, ExtensionFree>;

std::string openssl_error(std::string_view what) {
  char text[256] = {};
  ERR_error_string_n(ERR_get_error(), text, sizeof text);
  return fmt::format("{}: {}", what, text);
}

bool add_name(X509_NAME* name, const char* field, const std::string& value) {
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC, reinterpret_cast<const unsigned char*>(value.c_str()),
                                    -1, -1, 0) == 1;
}

bool add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx{};
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

std::expected<Cert, std::string> make_certificate(EVP_PKEY* key, const std::vector<std::string>& names, unsigned org,
                                                  long serial) {
  Cert cert(X509_new());
  if (!cert) return std::unexpected(openssl_error("X509_new"));
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  // Valid from yesterday, so a clock a little behind ours still accepts it.
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86'400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 397L * 86'400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* subject = X509_get_subject_name(cert.get());
  if (!add_name(subject, "O", fmt::format("Organisation {} (exchange-sim)", org)) ||
      !add_name(subject, "CN", names.front()))
    return std::unexpected(openssl_error("certificate subject"));
  X509_set_issuer_name(cert.get(), subject);
  std::string alt;
  for (const auto& n : names) alt += (alt.empty() ? "DNS:" : ",DNS:") + n;
  if (!add_extension(cert.get(), NID_subject_alt_name, alt) ||
      !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !add_extension(cert.get(), NID_ext_key_usage, "serverAuth"))
    return std::unexpected(openssl_error("certificate extensions"));
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) return std::unexpected(openssl_error("X509_sign"));
  return cert;
}

std::expected<std::unique_ptr<boost::asio::ssl::context>, std::string> make_context(CertKind kind, unsigned org) {
  const Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return std::unexpected(openssl_error("P-256 key generation"));
  const auto serial = static_cast<long>(0x1000 + static_cast<unsigned>(kind) * kOrgs + org);
  auto cert = make_certificate(key.get(), cert_names(kind, org), org, serial);
  if (!cert) return std::unexpected(cert.error());

  auto ctx = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* c = ctx->native_handle();
  SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
  SSL_CTX_set_options(
      c, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // SHA-256 suites first: the TLS 1.3 key schedule is a few dozen small HMACs, cheaper with
  // SHA-256 than with SHA-384. Clients that offer only the others still connect.
  if (SSL_CTX_set_ciphersuites(c, "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384") != 1 ||
      SSL_CTX_set_cipher_list(c,
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:"
                              "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA") != 1)
    return std::unexpected(openssl_error("cipher suites"));
  SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
  // TLS 1.3 would still send stateful tickets after each handshake: extra work for nothing.
  SSL_CTX_set_num_tickets(c, 0);
  // Without a configured chain OpenSSL tries to build one from the trust store on every
  // handshake; a self-signed certificate has nothing to build.
  SSL_CTX_set_mode(c, SSL_MODE_NO_AUTO_CHAIN);
  if (SSL_CTX_use_certificate(c, cert->get()) != 1 || SSL_CTX_use_PrivateKey(c, key.get()) != 1 ||
      SSL_CTX_check_private_key(c) != 1)
    return std::unexpected(openssl_error("installing the certificate"));
  return ctx;
}

}  // namespace

std::expected<TlsContexts, std::string> TlsContexts::create() {
  TlsContexts t;
  for (const auto kind : {CertKind::mail, CertKind::www}) {
    for (unsigned org = 0; org < kOrgs; ++org) {
      auto ctx = make_context(kind, org);
      if (!ctx) return std::unexpected(ctx.error());
      t.contexts_.push_back(std::move(*ctx));
    }
  }
  return t;
}

}  // namespace exsim
