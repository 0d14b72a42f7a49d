// SPDX-License-Identifier: Apache-2.0
#include "exray/inventory/inventory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace exray::inventory {
namespace {

// A timeout or a refusal did not reach the host: a sighting only if it answered.
bool answered(const Sighting& s) { return s.status != "error"; }

// A host as the period leaves it: its sightings up to the period's end, oldest first, provided
// the last of them falls in the period (otherwise none).
std::vector<const Sighting*> as_of(const HostHistory& h, const Period& period) {
  std::vector<const Sighting*> upto;
  for (const auto& s : h.sightings)
    if (period.until.empty() || in_period(s.observed, Period{{}, period.until})) upto.push_back(&s);
  if (!upto.empty() && !in_period(upto.back()->observed, period)) upto.clear();
  return upto;
}

bool vulnerable(const Sighting& s, const std::string& advisory) {
  const auto it = s.advisories.find(advisory);
  return it != s.advisories.end() && exposure_of(it->second.state) == Exposure::vulnerable;
}

bool any_vulnerable(const Sighting& s) {
  return std::ranges::any_of(s.advisories,
                             [](const auto& a) { return exposure_of(a.second.state) == Exposure::vulnerable; });
}

// The advisories that moved into (`to` = vulnerable) or out of (`to` = patched) exposure.
std::vector<std::string> moved(const Sighting& before, const Sighting& after, Exposure from, Exposure to) {
  std::vector<std::string> out;
  for (const auto& [advisory, state] : after.advisories) {
    if (exposure_of(state.state) != to) continue;
    const auto was = before.advisories.find(advisory);
    const bool was_from = was != before.advisories.end() && exposure_of(was->second.state) == from;
    // A host first assessed now (no build before) opens what it is open to, closes nothing.
    if (was_from || (to == Exposure::vulnerable && was == before.advisories.end() && !before.build.empty()))
      out.push_back(advisory);
  }
  return out;
}

// Each scan of the period as it saw the fleet: every sighting that scan made counts, whatever
// the host did later, so the points show the fleet as it was and not as it is now.
std::vector<TrendPoint> trend_of(const std::vector<store::Run>& runs, const std::vector<HostHistory>& all) {
  std::vector<TrendPoint> points;
  std::map<std::string, std::size_t> at;  // run id → its point
  for (const auto& run : runs) {
    if (run.kind == "hunt") continue;
    at.emplace(run.id, points.size());
    points.push_back(TrendPoint{run.id, run.started, 0, 0, {}});
  }
  std::set<std::string> judged;
  for (const auto& h : all)
    for (const auto& s : h.sightings) {
      const auto it = at.find(s.run);
      if (it == at.end()) continue;
      auto& point = points[it->second];
      if (!answered(s)) continue;
      ++point.reached;
      if (s.status != "exchange") continue;
      ++point.exchange;
      for (const auto& [advisory, state] : s.advisories) {
        judged.insert(advisory);
        if (exposure_of(state.state) == Exposure::vulnerable) ++point.vulnerable[advisory];
      }
    }
  for (auto& point : points)
    for (const auto& advisory : judged) point.vulnerable.try_emplace(advisory, 0);
  return points;
}

}  // namespace

// A date bound ("2021-03-02") covers that whole day; an instant compares as it is.
bool in_period(std::string_view started, const Period& p) {
  if (!p.since.empty() && started < p.since) return false;
  if (!p.until.empty()) {
    const std::string until = p.until.size() == 10 ? p.until + "T99" : p.until;  // past any time that day
    if (started > until) return false;
  }
  return true;
}

Exposure exposure_of(std::string_view state) noexcept {
  if (state == "su-missing" || state == "no-fix") return Exposure::vulnerable;
  if (state == "patched") return Exposure::patched;
  if (state == "not-applicable") return Exposure::not_applicable;
  return Exposure::unknown;  // su-unknown, unknown
}

std::string HostKey::label() const {
  const auto where = address.find(':') != std::string::npos ? fmt::format("[{}]:{}", address, port)
                                                            : fmt::format("{}:{}", address, port);
  return name.empty() ? where : fmt::format("{} ({})", name, where);
}

Result<std::vector<HostHistory>> histories(const store::Store& store) {
  auto runs = store.runs();
  if (!runs) return std::unexpected(runs.error());
  auto observations = store.observations();
  if (!observations) return std::unexpected(observations.error());
  std::map<HostKey, HostHistory> by_host;
  std::map<std::pair<std::string, HostKey>, Sighting*> by_run_host;
  for (auto& o : *observations) {
    HostKey key{o.address, o.port, o.name};
    auto& h = by_host[key];
    h.key = key;
    h.sightings.push_back(Sighting{o.run, o.observed, o.status, o.error, o.build, o.product, o.release, o.cu, {}});
  }
  for (auto& [key, h] : by_host)
    for (auto& s : h.sightings) by_run_host[{s.run, key}] = &s;
  for (const auto& run : *runs) {
    if (run.hosts == 0) continue;
    auto verdicts = store.verdicts(run.id);
    if (!verdicts) return std::unexpected(verdicts.error());
    for (auto& v : *verdicts) {
      const auto it = by_run_host.find({run.id, HostKey{v.address, v.port, v.name}});
      if (it != by_run_host.end()) it->second->advisories[v.advisory] = AdvisoryState{v.state, v.install, v.upgrade_to};
    }
  }
  std::vector<HostHistory> out;
  out.reserve(by_host.size());
  for (auto& [key, h] : by_host) out.push_back(std::move(h));
  return out;
}

Result<Report> build_report(const store::Store& store, const Period& period) {
  Report r;
  r.period = period;
  auto runs = store.runs();
  if (!runs) return std::unexpected(runs.error());
  for (const auto& run : *runs)
    if (in_period(run.started, period)) r.runs.push_back(run);
  auto all = histories(store);
  if (!all) return std::unexpected(all.error());

  std::map<std::string, AdvisoryCount> advisories;
  std::map<std::pair<std::string, std::string>, ReleaseCount> releases;
  for (const auto& h : *all) {
    const auto upto = as_of(h, period);
    if (upto.empty()) continue;
    const Sighting& latest = *upto.back();
    ++r.hosts;
    // New: the first time the host answered falls in the period (a timeout is not a sighting).
    const auto first_answer = std::ranges::find_if(upto, [](const Sighting* s) { return answered(*s); });
    if (first_answer != upto.end() && in_period((*first_answer)->observed, period)) r.newly_seen.push_back(h.key);
    if (upto.size() >= 2) {
      const Sighting& before = *upto[upto.size() - 2];
      Change c{h.key,
               before.observed,
               latest.observed,
               before.build,
               latest.build,
               moved(before, latest, Exposure::vulnerable, Exposure::patched),
               moved(before, latest, Exposure::patched, Exposure::vulnerable)};
      if (c.from_build != c.to_build || !c.closed.empty() || !c.opened.empty()) r.changes.push_back(std::move(c));
    }
    if (latest.status != "exchange") continue;
    ++r.exchange;
    auto& release = releases[{latest.product, latest.cu}];
    release.product = latest.product.empty() ? "unknown" : latest.product;
    release.cu = !latest.cu.empty() ? latest.cu : latest.build.empty() ? "build not visible" : latest.build;
    ++release.hosts;
    if (any_vulnerable(latest)) ++release.vulnerable;
    for (const auto& [advisory, state] : latest.advisories) {
      auto& count = advisories[advisory];
      count.advisory = advisory;
      switch (exposure_of(state.state)) {
        case Exposure::vulnerable: {
          ++count.vulnerable;
          // Walk back while the host stayed open to it: how long has it been left so?
          std::size_t first = upto.size() - 1;
          while (first > 0 && vulnerable(*upto[first - 1], advisory)) --first;
          r.still_open.push_back(OpenExposure{h.key, advisory, state.state, upto[first]->observed, latest.build,
                                              state.install, state.upgrade_to, upto.size() - first});
          break;
        }
        case Exposure::unknown:
          ++count.unknown;
          break;
        case Exposure::patched:
          ++count.patched;
          break;
        case Exposure::not_applicable:
          break;
      }
    }
  }
  for (auto& [_, c] : advisories) r.advisories.push_back(c);
  for (auto& [_, c] : releases) r.releases.push_back(c);
  std::ranges::sort(r.releases, [](const auto& a, const auto& b) {
    return std::tie(b.vulnerable, b.hosts, a.cu) < std::tie(a.vulnerable, a.hosts, b.cu);
  });
  std::ranges::stable_sort(r.still_open, [](const auto& a, const auto& b) {
    return std::tie(a.since, a.host, a.advisory) < std::tie(b.since, b.host, b.advisory);
  });

  r.trend = trend_of(r.runs, *all);

  auto findings = store.findings();
  if (!findings) return std::unexpected(findings.error());
  for (auto& f : *findings)
    if (in_period(f.observed, period)) r.findings[f.host].push_back(std::move(f));
  r.timelines = timelines(r.findings);
  return r;
}

Result<std::vector<HostState>> host_states(const store::Store& store, const Period& period) {
  auto all = histories(store);
  if (!all) return std::unexpected(all.error());
  std::vector<HostState> out;
  for (const auto& h : *all) {
    HostState state{h.key, {}};
    for (const Sighting* s : as_of(h, period)) state.sightings.push_back(*s);
    if (!state.sightings.empty()) out.push_back(std::move(state));
  }
  return out;
}

}  // namespace exray::inventory
