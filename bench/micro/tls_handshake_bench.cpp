// SPDX-License-Identifier: Apache-2.0
// What one full TLS handshake costs each end, with the TLS client context `exray scan` uses
// against the server context of tools/exchange-sim, in memory (a BIO pair: no sockets, no
// kernel, no HTTP). It is the floor under the scanner's CPU per host, and with the simulator on
// the same cores, under the hosts/s BENCHMARKS.md ("Network scan") can report: no event loop
// can make a handshake cheaper than the library makes it.
#include <benchmark/benchmark.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>

#include "exchange-sim/tls.hpp"
#include "netscan/connection.hpp"

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct SslFree {
  void operator()(SSL* s) const noexcept { SSL_free(s); }
};
using Ssl = std::unique_ptr<SSL, SslFree>;

exsim::TlsContexts& server_contexts() {
  static auto contexts = *exsim::TlsContexts::create();
  return contexts;
}

// One handshake, each end's CPU time added to its own total. False if it did not complete.
bool handshake(SSL_CTX* client_ctx, SSL_CTX* server_ctx, double& client_cpu, double& server_cpu) {
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  if (BIO_new_bio_pair(&client_bio, 0, &server_bio, 0) != 1) return false;
  double t = thread_cpu_seconds();
  Ssl client(SSL_new(client_ctx));
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_connect_state(client.get());
  client_cpu += thread_cpu_seconds() - t;
  t = thread_cpu_seconds();
  Ssl server(SSL_new(server_ctx));
  SSL_set_bio(server.get(), server_bio, server_bio);
  SSL_set_accept_state(server.get());
  server_cpu += thread_cpu_seconds() - t;
  bool client_done = false;
  bool server_done = false;
  // TLS 1.3 takes three flights and TLS 1.2 four; a dozen turns is plenty for either.
  for (int turn = 0; turn < 12 && !(client_done && server_done); ++turn) {
    t = thread_cpu_seconds();
    client_done = SSL_do_handshake(client.get()) == 1;
    client_cpu += thread_cpu_seconds() - t;
    t = thread_cpu_seconds();
    server_done = SSL_do_handshake(server.get()) == 1;
    server_cpu += thread_cpu_seconds() - t;
  }
  const bool named = SSL_get0_peer_certificate(client.get()) != nullptr;
  t = thread_cpu_seconds();
  client.reset();
  client_cpu += thread_cpu_seconds() - t;
  t = thread_cpu_seconds();
  server.reset();
  server_cpu += thread_cpu_seconds() - t;
  return client_done && server_done && named;
}

void run(benchmark::State& state, long max_version) {
  auto client_ctx = exray::netscan::make_scan_tls_context();
  if (max_version != 0) SSL_CTX_set_max_proto_version(client_ctx.native_handle(), max_version);
  SSL_CTX* server_ctx = server_contexts().get(exsim::CertKind::mail, 0).native_handle();
  double client_cpu = 0;
  double server_cpu = 0;
  for (auto _ : state) {
    if (!handshake(client_ctx.native_handle(), server_ctx, client_cpu, server_cpu)) {
      state.SkipWithError("the handshake did not complete");
      return;
    }
  }
  const auto n = static_cast<double>(state.iterations());
  state.counters["client_us"] = client_cpu / n * 1e6;
  state.counters["server_us"] = server_cpu / n * 1e6;
}

// What the scanner negotiates with the simulator (TLS 1.3, X25519, ECDSA P-256).
void BM_FullHandshake(benchmark::State& state) { run(state, 0); }
BENCHMARK(BM_FullHandshake)->Unit(benchmark::kMicrosecond);

// Exchange on Windows Server 2019 and older speaks TLS 1.2 at most.
void BM_FullHandshakeTls12(benchmark::State& state) { run(state, TLS1_2_VERSION); }
BENCHMARK(BM_FullHandshakeTls12)->Unit(benchmark::kMicrosecond);

// The client's share that is only reading the server's certificate: OpenSSL 3.0 builds a
// decoder chain for the public key on every parse.
void BM_ParseServerCertificate(benchmark::State& state) {
  X509* cert = SSL_CTX_get0_certificate(server_contexts().get(exsim::CertKind::mail, 0).native_handle());
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert, &der);
  if (length <= 0) {
    state.SkipWithError("the simulator's certificate does not encode");
    return;
  }
  for (auto _ : state) {
    const unsigned char* p = der;
    X509* parsed = d2i_X509(nullptr, &p, length);
    if (parsed == nullptr || X509_get0_pubkey(parsed) == nullptr) {
      state.SkipWithError("the certificate did not parse");
      break;
    }
    X509_free(parsed);
  }
  OPENSSL_free(der);
}
BENCHMARK(BM_ParseServerCertificate)->Unit(benchmark::kMicrosecond);

}  // namespace
