// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/host_result.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace exray::netscan {

std::string_view to_code(HostStatus status) noexcept {
  switch (status) {
    case HostStatus::exchange:
      return "exchange";
    case HostStatus::not_exchange:
      return "not-exchange";
    case HostStatus::error:
      break;
  }
  return "error";
}

std::string_view to_code(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::none:
      return "none";
    case ErrorKind::refused:
      return "refused";
    case ErrorKind::unreachable:
      return "unreachable";
    case ErrorKind::timeout:
      return "timeout";
    case ErrorKind::reset:
      return "reset";
    case ErrorKind::closed:
      return "closed";
    case ErrorKind::tls:
      return "tls";
    case ErrorKind::not_http:
      return "not-http";
    case ErrorKind::too_large:
      return "too-large";
    case ErrorKind::other:
      break;
  }
  return "other";
}

std::string_view to_code(Probe probe) noexcept { return probe == Probe::proxylogon ? "proxylogon" : "proxyshell"; }

std::string_view to_code(ProbeOutcome outcome) noexcept {
  switch (outcome) {
    case ProbeOutcome::vulnerable:
      return "vulnerable";
    case ProbeOutcome::not_vulnerable:
      return "not-vulnerable";
    case ProbeOutcome::mitigated:
      return "mitigated";
    case ProbeOutcome::inconclusive:
      break;
  }
  return "inconclusive";
}

Result<std::vector<Probe>> parse_probes(std::string_view text) {
  std::vector<Probe> probes;
  while (!text.empty()) {
    const auto comma = std::min(text.find(','), text.size());
    const auto item = text.substr(0, comma);
    std::vector<Probe> add;
    if (item == "all")
      add = {Probe::proxylogon, Probe::proxyshell};
    else if (item == "proxylogon")
      add = {Probe::proxylogon};
    else if (item == "proxyshell")
      add = {Probe::proxyshell};
    else
      return fail(Errc::invalid_argument, fmt::format("unknown probe '{}' (proxylogon, proxyshell, all)", item));
    for (auto p : add)
      if (std::find(probes.begin(), probes.end(), p) == probes.end()) probes.push_back(p);
    text = comma < text.size() ? text.substr(comma + 1) : std::string_view{};
  }
  return probes;
}

}  // namespace exray::netscan
