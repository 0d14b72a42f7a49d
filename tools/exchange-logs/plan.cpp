// SPDX-License-Identifier: Apache-2.0
// Tree layout and plant placement.
#include "plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace exlogs {
namespace {

constexpr std::string_view kExchangeLogging = "Program Files/Microsoft/Exchange Server/V15/Logging/";
constexpr std::uint64_t kFileCap = 64ULL << 20;       // no Exchange log file above 64 MiB
constexpr std::uint64_t kMaxFileBytes = 48ULL << 20;  // average, so that +-30% stays under the cap
constexpr std::uint64_t kLongLineThreshold = 100ULL << 20;
constexpr int kLongLines = 3;

// Share of the HttpProxy bytes per protocol (percent), in Protocol order: the mail clients'
// protocols dominate as on a real server.
constexpr std::uint64_t kProtocolShare[kProtocolCount] = {6, 12, 4, 20, 18, 2, 22, 2, 2, 12};

// The window of the 2021 mass exploitation: 2021-02-26 00:00 to 2021-03-07 00:00 UTC.
const std::int64_t kBegin = utc_ms(2021, 2, 26);
const std::int64_t kEnd = utc_ms(2021, 3, 7);

class Planner {
 public:
  explicit Planner(const Options& opt) : opt_(opt), rng_(opt.seed) {}

  Plan run() {
    const std::uint64_t total = opt_.size;
    const std::uint64_t proxy = total / 100 * 85, iis = total / 100 * 10, ecp = total / 100 * 3, oab = total / 100 * 2;
    for (std::size_t p = 0; p < kProtocolCount; ++p) {
      const auto protocol = static_cast<Protocol>(p);
      series(LogKind::httpproxy, protocol,
             std::string(kExchangeLogging) + "HttpProxy/" + std::string(name_of(protocol)), "HttpProxy_",
             proxy / 100 * kProtocolShare[p]);
    }
    series(LogKind::ecp_server, {}, std::string(kExchangeLogging) + "ECP/Server", "ECPServer", ecp);
    series(LogKind::oab_generator, {}, std::string(kExchangeLogging) + "OABGeneratorLog", "OABGenerator", oab);
    // IIS rolls its logs over daily whatever their size (the default), so these may pass 64 MiB.
    for (std::int64_t day = kBegin; day < kEnd; day += kMsPerDay) {
      LogFile f;
      f.kind = LogKind::iis;
      f.rel = "inetpub/logs/LogFiles/W3SVC1/u_ex" + iis_day_stamp(day) + ".log";
      f.target = iis / static_cast<std::uint64_t>((kEnd - kBegin) / kMsPerDay);
      f.start_ms = day;
      f.span_ms = kMsPerDay;
      plan_.logs.push_back(std::move(f));
    }
    variants();
    plant(attack_templates(), opt_.attacks);
    plant(near_miss_templates(), opt_.attacks);
    if (opt_.size >= kLongLineThreshold && opt_.attacks > 0)
      for (int i = 0; i < kLongLines; ++i) place(long_line_template());
    for (auto& f : plan_.logs) {
      std::sort(f.plants.begin(), f.plants.end(),
                [](const PlannedPlant& a, const PlannedPlant& b) { return a.position < b.position; });
      f.seed = rng_.next();
    }
    plan_.paths = path_plants(rng_);
    return std::move(plan_);
  }

 private:
  // Files of one log folder covering the whole window in time order, sizes varying +-30%.
  void series(LogKind kind, Protocol protocol, const std::string& dir, const std::string& prefix, std::uint64_t bytes) {
    std::uint64_t n = std::max<std::uint64_t>(2, (bytes + kMaxFileBytes - 1) / kMaxFileBytes);
    std::vector<double> weight;
    double sum = 0;
    for (;; ++n) {  // one more file until the largest is under the cap (rarely needed)
      weight.resize(n);
      for (auto& w : weight) w = 0.7 + 0.6 * rng_.unit();
      sum = std::accumulate(weight.begin(), weight.end(), 0.0);
      const double largest = *std::max_element(weight.begin(), weight.end()) / sum * static_cast<double>(bytes);
      if (largest <= static_cast<double>(kFileCap)) break;
    }
    const std::int64_t hours = (kEnd - kBegin) / kMsPerHour;
    std::map<std::int64_t, int> per_hour;  // Exchange numbers files that start in the same hour -1, -2, ...
    for (std::uint64_t i = 0; i < n; ++i) {
      // Each folder rolls over at its own hours, so that names differ between folders.
      const std::int64_t slot = hours / static_cast<std::int64_t>(n);
      const auto jitter = [&](std::uint64_t j) {
        return j == 0 || j == n ? 0 : static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(slot / 3 + 1)));
      };
      const std::int64_t hour = hours * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(n) + jitter(i);
      const std::int64_t next = hours * static_cast<std::int64_t>(i + 1) / static_cast<std::int64_t>(n);
      LogFile f;
      f.kind = kind;
      f.protocol = protocol;
      f.start_ms = kBegin + hour * kMsPerHour + static_cast<std::int64_t>(rng_.below(600'000));
      f.span_ms = std::max<std::int64_t>(kMsPerHour / 2, (next - hour) * kMsPerHour - 600'000);
      f.target = static_cast<std::uint64_t>(static_cast<double>(bytes) * weight[i] / sum);
      f.old_columns = false;
      const int number = ++per_hour[hour];
      f.rel = dir + "/" + prefix + hour_stamp(kBegin + hour * kMsPerHour) + "-" + std::to_string(number) + ".LOG";
      f.crlf = true;
      plan_.logs.push_back(std::move(f));
      if (i == 0) first_of_series_.push_back(plan_.logs.size() - 1);
    }
  }

  // Picks `k` of `candidates` (as many as there are, at most) in a seeded order.
  std::vector<std::size_t> pick(std::vector<std::size_t> candidates, std::size_t k) {
    rng_.shuffle(std::span<std::size_t>(candidates));
    candidates.resize(std::min(k, candidates.size()));
    return candidates;
  }
  // About 1 in `every` of `n`, at least one.
  static std::size_t share(std::size_t n, std::size_t every) {
    return std::max<std::size_t>(1, (n + every / 2) / every);
  }

  void variants() {
    std::vector<std::size_t> all, proxy, proxy_later, iis;
    for (std::size_t i = 0; i < plan_.logs.size(); ++i) {
      all.push_back(i);
      const auto kind = plan_.logs[i].kind;
      if (kind == LogKind::iis) iis.push_back(i);
      if (kind != LogKind::httpproxy) continue;
      proxy.push_back(i);
      // Keep the first file of every protocol in the full format so that every template that
      // needs UrlQuery or GenericInfo has somewhere to go.
      if (std::find(first_of_series_.begin(), first_of_series_.end(), i) == first_of_series_.end())
        proxy_later.push_back(i);
    }
    for (auto i : pick(all, share(all.size(), 7))) plan_.logs[i].crlf = false;
    for (auto i : pick(proxy_later, share(proxy.size(), 4))) plan_.logs[i].old_columns = true;
    if (opt_.gzip) {
      for (auto i : pick(proxy, share(proxy.size(), 5))) {
        plan_.logs[i].gzip = true;
        plan_.logs[i].rel += ".gz";
      }
    }
    for (auto i : pick(iis, share(iis.size(), 2)))
      plan_.logs[i].second_layout = 1 + static_cast<int>(rng_.below(kIisLayoutCount - 1));
  }

  // Round-robin over a freshly shuffled template order, so that every kind appears once before
  // any appears twice.
  void plant(std::span<const Template> templates, std::uint64_t count) {
    std::vector<std::size_t> order(templates.size());
    for (std::uint64_t i = 0; i < count; ++i) {
      if (i % templates.size() == 0) {
        std::iota(order.begin(), order.end(), 0);
        rng_.shuffle(std::span<std::size_t>(order));
      }
      place(templates[order[i % templates.size()]]);
    }
  }

  void place(const Template& t) {
    std::vector<std::size_t> eligible;
    const Protocol protocol = t.protocols.empty() ? Protocol::Owa : rng_.pick(t.protocols);
    for (std::size_t i = 0; i < plan_.logs.size(); ++i) {
      const LogFile& f = plan_.logs[i];
      bool ok = false;
      switch (t.target) {
        case Target::httpproxy:
          ok = f.kind == LogKind::httpproxy && f.protocol == protocol;
          break;
        case Target::httpproxy_new:
          ok = f.kind == LogKind::httpproxy && f.protocol == protocol && !f.old_columns;
          break;
        case Target::ecp_server:
          ok = f.kind == LogKind::ecp_server;
          break;
        case Target::oab_generator:
          ok = f.kind == LogKind::oab_generator;
          break;
        case Target::iis:
          ok = f.kind == LogKind::iis;
          break;
      }
      if (ok) eligible.push_back(i);
    }
    if (eligible.empty()) throw std::logic_error("no file for planted line " + std::string(t.label));
    plan_.logs[eligible[rng_.index(eligible.size())]].plants.push_back({&t, 0.02 + 0.96 * rng_.unit()});
  }

  const Options& opt_;
  Rng rng_;
  Plan plan_;
  std::vector<std::size_t> first_of_series_;
};

}  // namespace

Plan make_plan(const Options& opt) { return Planner(opt).run(); }

}  // namespace exlogs
