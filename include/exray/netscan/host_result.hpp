// SPDX-License-Identifier: Apache-2.0
// exray netscan: what the scanner learnt about one target.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/kb/build.hpp"
#include "exray/netscan/fingerprint.hpp"
#include "exray/netscan/target_space.hpp"

namespace exray::netscan {

enum class HostStatus : std::uint8_t { exchange, not_exchange, error };

// Why a target could not be read, as users sort them: nothing listening, nothing answering,
// a broken connection, or an answer that is not what was asked for.
enum class ErrorKind : std::uint8_t {
  none,
  refused,      // nothing listens (RST to the SYN)
  unreachable,  // no route, host or network unreachable
  timeout,      // no answer, or not all of it, within the limit
  reset,        // the peer reset an open connection
  closed,       // the peer closed the connection without answering
  tls,          // the TLS handshake failed (not TLS, no common protocol, bad record)
  not_http,     // bytes came back but not an HTTP response
  too_large,    // the response headers passed the size limit
  other,
};

// The opt-in checks that trigger the flaw read-only (DETECTIONS.md, Network).
enum class Probe : std::uint8_t { proxylogon, proxyshell };
enum class ProbeOutcome : std::uint8_t {
  vulnerable,
  not_vulnerable,
  mitigated,     // the request was cut off by a rewrite rule: not patched, but blocked
  inconclusive,  // the answer fits no documented case
};

struct ProbeResult {
  Probe probe = Probe::proxylogon;
  ProbeOutcome outcome = ProbeOutcome::inconclusive;
  unsigned status = 0;  // the HTTP status, 0 if none came
};

// A failure at one step; a host that answered as Exchange keeps that status and lists later
// failures here too.
struct StepError {
  ErrorKind kind = ErrorKind::other;
  std::string stage;    // "connect", "tls", or the request path
  std::string message;  // the system's words
};

struct HostResult {
  Target target;
  HostStatus status = HostStatus::error;
  std::optional<kb::Build> build;
  BuildSource build_source = BuildSource::none;
  std::vector<std::string> tls_names;  // subject alternative names, else the common name
  std::string server;                  // X-FEServer: the Exchange server's own name
  std::vector<ProbeResult> probes;
  std::vector<StepError> errors;
  unsigned requests = 0;
  std::chrono::milliseconds elapsed{0};

  // The failure that decided the status, when it is `error`.
  [[nodiscard]] ErrorKind error_kind() const noexcept { return errors.empty() ? ErrorKind::none : errors.front().kind; }
};

[[nodiscard]] std::string_view to_code(HostStatus status) noexcept;  // "exchange", "not-exchange", "error"
[[nodiscard]] std::string_view to_code(ErrorKind kind) noexcept;     // "timeout", "not-http", …
[[nodiscard]] std::string_view to_code(Probe probe) noexcept;        // "proxylogon", "proxyshell"
[[nodiscard]] std::string_view to_code(ProbeOutcome outcome) noexcept;
// "proxylogon,proxyshell" (or "all").
[[nodiscard]] Result<std::vector<Probe>> parse_probes(std::string_view text);

}  // namespace exray::netscan
