// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/scanner.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "asio.hpp"
#include "connection.hpp"
#include "host_probe.hpp"

namespace exray::netscan {
namespace {

using Clock = std::chrono::steady_clock;

// The global --rate: hands out start times one gap apart, shared by every thread. A worker that
// comes late gets "now", so idle time is not saved up into a burst.
class RatePacer {
 public:
  explicit RatePacer(double per_second) : gap_ns_(per_second > 0 ? static_cast<std::int64_t>(1e9 / per_second) : 0) {}
  [[nodiscard]] bool limited() const noexcept { return gap_ns_ > 0; }
  Clock::time_point take() noexcept {
    const std::int64_t now = Clock::now().time_since_epoch().count();
    std::int64_t slot = next_.load(std::memory_order_relaxed);
    std::int64_t mine = 0;
    do {
      mine = std::max(slot, now);
    } while (!next_.compare_exchange_weak(slot, mine + gap_ns_, std::memory_order_relaxed));
    return Clock::time_point(Clock::duration(mine));
  }

 private:
  std::int64_t gap_ns_;
  std::atomic<std::int64_t> next_{0};
  static_assert(std::is_same_v<Clock::duration, std::chrono::nanoseconds>);
};

struct Shared {
  TargetFeed& feed;
  const ScanOptions& options;
  HostSink& sink;
  RatePacer pacer;
  std::mutex sink_mutex;
  std::atomic<std::uint64_t> hosts{0};
};

HostResult failed_host(Target target, std::string_view why) {
  HostResult r;
  r.target = std::move(target);
  r.errors.push_back(StepError{ErrorKind::other, "scan", std::string(why)});
  return r;
}

asio::awaitable<void> worker(Shared& shared, asio::ssl::context& tls) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  for (;;) {
    if (shared.options.cancel != nullptr && shared.options.cancel->requested()) co_return;
    auto next = shared.feed.next();
    if (!next) co_return;
    if (shared.pacer.limited()) {
      timer.expires_at(shared.pacer.take());
      error_code ignored;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    HostResult result;
    try {
      result = co_await probe_host(next->target, tls, shared.options);
    } catch (const std::exception& e) {  // out of memory or descriptors: this host fails, the scan goes on
      result = failed_host(next->target, e.what());
    }
    std::lock_guard lock(shared.sink_mutex);
    shared.sink.on_host(next->step, result);
    shared.hosts.fetch_add(1, std::memory_order_relaxed);
  }
}

// Each connection is a descriptor: ask for as many as the hard limit allows.
void raise_descriptor_limit() noexcept {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

Result<ScanSummary> scan(TargetFeed& feed, const ScanOptions& options, HostSink& sink) {
  if (options.concurrency == 0) return fail(Errc::invalid_argument, "concurrency must be at least 1");
  if (options.rate < 0 || options.per_host_rate < 0) return fail(Errc::invalid_argument, "rates cannot be negative");
  raise_descriptor_limit();
  const unsigned threads =
      std::clamp(options.threads != 0 ? options.threads : std::thread::hardware_concurrency(), 1U, options.concurrency);
  const auto started = Clock::now();
  Shared shared{feed, options, sink, RatePacer(options.rate), {}, {}};
  std::vector<std::thread> pool;
  std::exception_ptr failure;
  std::mutex failure_mutex;
  for (unsigned t = 0; t < threads; ++t) {
    const unsigned workers = options.concurrency / threads + (t < options.concurrency % threads ? 1 : 0);
    pool.emplace_back([&, workers] {
      try {
        auto tls = make_scan_tls_context();
        asio::io_context io(1);
        for (unsigned w = 0; w < workers; ++w) asio::co_spawn(io, worker(shared, tls), asio::detached);
        io.run();
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        failure = std::current_exception();
      }
    });
  }
  for (auto& thread : pool) thread.join();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      return fail(Errc::io_error, std::string("the scanner stopped: ") + e.what());
    }
  }
  ScanSummary summary;
  summary.hosts = shared.hosts.load();
  summary.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  summary.cancelled = options.cancel != nullptr && options.cancel->requested();
  return summary;
}

}  // namespace exray::netscan
