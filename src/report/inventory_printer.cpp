// SPDX-License-Identifier: Apache-2.0
#include "exray/report/inventory_printer.hpp"

#include <fmt/format.h>

#include "exray/core/text.hpp"
#include "json.hpp"

namespace exray::report {
namespace {

using inventory::HostKey;

// Host names and builds came from the hosts themselves: print them defanged.
std::string shown(std::string_view text) { return printable(text, 512); }

std::string run_line(const store::Run& r) {
  const auto what = r.kind == "hunt" ? fmt::format("{} finding(s)", r.findings) : fmt::format("{} host(s)", r.hosts);
  return fmt::format("{}  {:<5} {:<9} {}", r.started, r.kind, r.status == "running" ? "incomplete" : r.status, what);
}

Json host_json(const HostKey& k) {
  return Json{{"address", k.address}, {"port", k.port}, {"name", k.name.empty() ? Json(nullptr) : Json(k.name)}};
}

std::string or_dash(const std::string& time) { return time.empty() ? "-" : time; }

// The chains first (the story of each web shell), then the steps they were read from.
void print_timeline(const std::string& host, const inventory::HostTimeline& t, std::ostream& out) {
  constexpr std::size_t kStepsShown = 100;
  out << fmt::format("\nTimeline of {}: {} step(s), {} web shell(s)\n",
                     host.empty() ? "(no host recorded)" : shown(host), t.steps.size(), t.chains.size());
  for (const auto& c : t.chains) {
    out << fmt::format("  web shell {}\n", shown(c.web_path));
    out << fmt::format("    last exploit before   {}\n    last change before    {}\n    file written          {}{}\n",
                       or_dash(c.exploited), or_dash(c.changed), or_dash(c.written),
                       c.file.empty() ? "" : "  (" + shown(c.file) + ")");
    out << fmt::format("    shell used            {}\n",
                       c.uses == 0 ? "-" : fmt::format("{} time(s), {} .. {}", c.uses, c.first_used, c.last_used));
  }
  for (std::size_t i = 0; i < t.steps.size() && i < kStepsShown; ++i) {
    const auto& s = t.steps[i];
    out << fmt::format("  {:<27} {:<13} {}  {}\n", s.time, inventory::to_string(s.stage), shown(s.rule), shown(s.what));
  }
  if (t.steps.size() > kStepsShown)
    out << fmt::format("  … {} more step(s) in --format json\n", t.steps.size() - kStepsShown);
}

Json timeline_json(const inventory::HostTimeline& t) {
  const auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  Json chains = Json::array();
  for (const auto& c : t.chains)
    chains.push_back({{"web_path", c.web_path},
                      {"exploited", or_null(c.exploited)},
                      {"changed", or_null(c.changed)},
                      {"written", or_null(c.written)},
                      {"first_used", or_null(c.first_used)},
                      {"last_used", or_null(c.last_used)},
                      {"uses", c.uses},
                      {"file", or_null(c.file)}});
  Json steps = Json::array();
  for (const auto& s : t.steps)
    steps.push_back({{"time", or_null(s.time)},
                     {"stage", inventory::to_string(s.stage)},
                     {"rule", s.rule},
                     {"what", s.what},
                     {"web_path", or_null(s.web_path)}});
  return Json{{"chains", chains}, {"steps", steps}};
}

}  // namespace

void print_inventory_text(const inventory::Report& r, std::ostream& out) {
  out << fmt::format("exray report: {} to {}\n\n", r.period.since.empty() ? "the first run" : r.period.since,
                     r.period.until.empty() ? "the last run" : r.period.until);
  out << fmt::format("Runs ({}):\n", r.runs.size());
  for (const auto& run : r.runs) out << "  " << run_line(run) << '\n';
  out << fmt::format("\nHosts seen: {}; Exchange servers exposed (latest sighting): {}\n", r.hosts, r.exchange);
  out << "\nUnpatched, by advisory (vulnerable / unknown / patched):\n";
  for (const auto& a : r.advisories)
    out << fmt::format("  {:<15} {:>6} / {:>6} / {:>6}\n", a.advisory, a.vulnerable, a.unknown, a.patched);
  out << "\nBy product and CU (hosts, vulnerable to at least one advisory):\n";
  for (const auto& c : r.releases) out << fmt::format("  {:>6} {:>6}  {}\n", c.hosts, c.vulnerable, shown(c.cu));
  out << fmt::format("\nNewly seen: {}\n", r.newly_seen.size());
  out << fmt::format("\nChanged since the previous sighting: {}\n", r.changes.size());
  for (const auto& c : r.changes) {
    std::string what;
    if (!c.closed.empty()) what += fmt::format("  patched: {}", fmt::join(c.closed, ","));
    if (!c.opened.empty()) what += fmt::format("  now open: {}", fmt::join(c.opened, ","));
    out << fmt::format("  {}  {} -> {}{}\n", shown(c.host.label()), c.from_build.empty() ? "-" : shown(c.from_build),
                       c.to_build.empty() ? "-" : shown(c.to_build), what);
  }
  out << fmt::format("\nStill open (longest first): {}\n", r.still_open.size());
  for (const auto& o : r.still_open) {
    const auto fix = o.state == "no-fix" ? fmt::format("upgrade to {}, then install {}", o.upgrade_to, o.install)
                                         : fmt::format("install {}", o.install);
    out << fmt::format("  since {}  {:>3} scan(s)  {:<15} {}  {}  ({})\n", o.since, o.scans, o.advisory,
                       shown(o.host.label()), shown(o.build), fix);
  }
  std::size_t total = 0;
  for (const auto& [host, list] : r.findings) total += list.size();
  out << fmt::format("\nHunt findings: {} on {} host(s)\n", total, r.findings.size());
  for (const auto& [host, list] : r.findings) {
    out << fmt::format("  {}: {}\n", host.empty() ? "(no host recorded)" : shown(host), list.size());
    for (const auto& f : list)
      out << fmt::format("    {:<8} {:<14} {}  {}\n", f.severity, f.kind, shown(f.rule), shown(f.subject));
  }
  for (const auto& [host, t] : r.timelines) print_timeline(host, t, out);
}

std::string inventory_json(const inventory::Report& r) {
  Json j{{"schema", kFindingSchemaVersion}, {"type", "report"}};
  j["period"] = {{"since", r.period.since.empty() ? Json(nullptr) : Json(r.period.since)},
                 {"until", r.period.until.empty() ? Json(nullptr) : Json(r.period.until)}};
  Json runs = Json::array();
  for (const auto& run : r.runs)
    runs.push_back({{"id", run.id},
                    {"kind", run.kind},
                    {"started", run.started},
                    {"finished", run.finished.empty() ? Json(nullptr) : Json(run.finished)},
                    {"status", run.status == "running" ? "incomplete" : run.status},
                    {"hosts", run.hosts},
                    {"findings", run.findings}});
  j["runs"] = runs;
  j["hosts"] = r.hosts;
  j["exchange"] = r.exchange;
  Json advisories = Json::array();
  for (const auto& a : r.advisories)
    advisories.push_back(
        {{"advisory", a.advisory}, {"vulnerable", a.vulnerable}, {"unknown", a.unknown}, {"patched", a.patched}});
  j["advisories"] = advisories;
  Json releases = Json::array();
  for (const auto& c : r.releases)
    releases.push_back({{"product", c.product}, {"cu", c.cu}, {"hosts", c.hosts}, {"vulnerable", c.vulnerable}});
  j["releases"] = releases;
  Json seen = Json::array();
  for (const auto& k : r.newly_seen) seen.push_back(host_json(k));
  j["newly_seen"] = seen;
  Json changes = Json::array();
  for (const auto& c : r.changes)
    changes.push_back({{"host", host_json(c.host)},
                       {"before", c.before},
                       {"after", c.after},
                       {"from_build", c.from_build.empty() ? Json(nullptr) : Json(c.from_build)},
                       {"to_build", c.to_build.empty() ? Json(nullptr) : Json(c.to_build)},
                       {"closed", c.closed},
                       {"opened", c.opened}});
  j["changes"] = changes;
  Json open = Json::array();
  for (const auto& o : r.still_open)
    open.push_back({{"host", host_json(o.host)},
                    {"advisory", o.advisory},
                    {"state", o.state},
                    {"since", o.since},
                    {"scans", o.scans},
                    {"build", o.build},
                    {"install", o.install.empty() ? Json(nullptr) : Json(o.install)},
                    {"upgrade_to", o.upgrade_to.empty() ? Json(nullptr) : Json(o.upgrade_to)}});
  j["still_open"] = open;
  Json findings = Json::object();
  for (const auto& [host, list] : r.findings) {
    Json items = Json::array();
    for (const auto& f : list) {
      auto record = Json::parse(f.record, nullptr, false);
      items.push_back(record.is_discarded() ? Json(f.record) : record);
    }
    findings[host] = items;
  }
  j["findings"] = findings;
  Json timelines = Json::object();
  for (const auto& [host, t] : r.timelines) timelines[host] = timeline_json(t);
  j["timelines"] = timelines;
  Json trend = Json::array();
  for (const auto& t : r.trend) {
    Json vulnerable = Json::object();
    for (const auto& [advisory, count] : t.vulnerable) vulnerable[advisory] = count;
    trend.push_back({{"run", t.run},
                     {"started", t.started},
                     {"reached", t.reached},
                     {"exchange", t.exchange},
                     {"vulnerable", vulnerable}});
  }
  j["trend"] = trend;
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace exray::report
