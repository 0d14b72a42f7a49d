// SPDX-License-Identifier: Apache-2.0
#include "host_probe.hpp"

#include "connection.hpp"

namespace exray::netscan {
namespace {

using Clock = std::chrono::steady_clock;

bool contains_localhost(std::string_view value) {
  for (std::size_t i = 0; i + 9 <= value.size(); ++i) {
    std::size_t j = 0;
    while (j < 9 && std::tolower(static_cast<unsigned char>(value[i + j])) == "localhost"[j]) ++j;
    if (j == 9) return true;
  }
  return false;
}

// Spaces requests to one host by the per-host rate.
class HostPacer {
 public:
  explicit HostPacer(double per_second)
      : gap_(per_second > 0
                 ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_second))
                 : Clock::duration::zero()) {}
  asio::awaitable<void> wait() {
    const auto now = Clock::now();
    if (last_ && *last_ + gap_ > now) {
      asio::steady_timer timer(co_await asio::this_coro::executor, *last_ + gap_ - now);
      error_code ignored;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    last_ = Clock::now();
  }

 private:
  Clock::duration gap_;
  std::optional<Clock::time_point> last_;
};

}  // namespace

ProbeOutcome read_probe(Probe probe, const HttpResponse* response, ErrorKind failure) {
  if (response == nullptr) {
    // Microsoft's rewrite rules abort the request: the connection is reset (or closed) unanswered.
    return failure == ErrorKind::reset || failure == ErrorKind::closed ? ProbeOutcome::mitigated
                                                                       : ProbeOutcome::inconclusive;
  }
  // A server that answered Exchange's own pages but refuses the exploit request: a filter in
  // front of it (a WAF rule, such as `exray mitigate --format modsecurity`) stopped it.
  if (response->status == 403) return ProbeOutcome::mitigated;
  if (probe == Probe::proxylogon)
    return contains_localhost(response->header("X-CalculatedBETarget")) ? ProbeOutcome::vulnerable
                                                                        : ProbeOutcome::not_vulnerable;
  if (response->status == 302) return ProbeOutcome::vulnerable;
  if (response->status == 400) return ProbeOutcome::not_vulnerable;
  return ProbeOutcome::inconclusive;
}

asio::awaitable<HostResult> probe_host(Target target, asio::ssl::context& tls, const ScanOptions& options) {
  const auto started = Clock::now();
  HostResult result;
  result.target = std::move(target);
  Connection connection(co_await asio::this_coro::executor, tls, result.target, options);
  HostPacer pacer(options.per_host_rate);
  auto finish = [&]() -> HostResult {
    connection.close();
    result.tls_names = connection.certificate_names();
    result.requests = connection.requests();
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return std::move(result);
  };
  StepError error;
  auto get = [&](std::string_view path, std::string_view cookie = {}) -> asio::awaitable<std::optional<HttpResponse>> {
    co_await pacer.wait();
    error = {};
    auto response = co_await connection.get(path, cookie, error);
    if (!response) result.errors.push_back(error);
    co_return response;
  };

  // 1. /owa/ answers with the build header on most servers, and with Exchange's redirect on all.
  auto owa = co_await get(kOwaPath);
  if (!owa) co_return finish();
  if (!looks_like_exchange(*owa)) {
    result.status = HostStatus::not_exchange;
    co_return finish();
  }
  result.status = HostStatus::exchange;
  result.server = std::string(owa->header("X-FEServer")).substr(0, 255);
  auto found = [&](std::optional<kb::Build> build, BuildSource source) {
    if (build && (!result.build || (build->exact() && !result.build->exact()))) {
      result.build = build;
      result.build_source = source;
    }
    return result.build && result.build->exact();
  };
  // 2. and 3. only while the build is not exact: cheapest first.
  if (!found(build_from_owa_header(*owa), BuildSource::owa_header) &&
      !found(build_from_logon_page(*owa), BuildSource::owa_path)) {
    if (auto manifest = co_await get(kExportToolPath); manifest)
      found(build_from_exporttool(*manifest), BuildSource::exporttool);
    if (!result.build || !result.build->exact()) {
      if (auto logon = co_await get(kLogonPagePath); logon) {
        found(build_from_owa_header(*logon), BuildSource::owa_header) ||
            found(build_from_logon_page(*logon), BuildSource::owa_path);
      }
    }
  }
  for (const auto probe : options.probes) {
    // Not `cond ? co_await a : co_await b`: GCC 12 destroys that temporary twice.
    std::optional<HttpResponse> response;
    if (probe == Probe::proxylogon)
      response = co_await get(kProxyLogonPath, kProxyLogonCookie);
    else
      response = co_await get(kProxyShellPath);
    // An aborted probe is an answer, not a failure of the scan.
    if (!response && (error.kind == ErrorKind::reset || error.kind == ErrorKind::closed)) result.errors.pop_back();
    result.probes.push_back(ProbeResult{probe, read_probe(probe, response ? &*response : nullptr, error.kind),
                                        response ? response->status : 0});
  }
  co_return finish();
}

}  // namespace exray::netscan
