// SPDX-License-Identifier: Apache-2.0
#include "exray/report/html_sections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <iterator>
#include <map>
#include <set>

#include "html_charts.hpp"

namespace exray::report::html {
namespace {

using inventory::HostKey;

// A first scan sees every address for the first time: the count says so, the JSON lists them.
constexpr std::size_t kMaxNewHosts = 500;

constexpr std::string_view kStyle = R"(<style>
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 14px/1.45 system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24;
       max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; margin: 32px 0 8px; }
h3 { font-size: 15px; margin: 18px 0 6px; overflow-wrap: anywhere; }
.period, .note { color: #57606a; }
nav a { margin-right: 14px; color: #0b5cad; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; min-width: 140px; }
.card .n { display: block; font-size: 26px; font-weight: 600; }
.card.bad .n { color: #b71c1c; }
.card .l { color: #57606a; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e1e4e8; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.path { overflow-wrap: anywhere; font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 12px; }
.nowrap { white-space: nowrap; }
ul.hosts { list-style: none; padding: 0; margin: 8px 0 16px; columns: 17em auto; column-gap: 16px; font-size: 13px; }
ul.hosts li { break-inside: avoid; overflow-wrap: anywhere; }
.open { color: #b71c1c; } .closed { color: #2e7d32; }
.sev { font-weight: 600; }
.sev-critical { color: #fff; background: #7f0000; } .sev-high { color: #b71c1c; }
.sev-medium { color: #a15c00; } .sev-low, .sev-info { color: #57606a; }
svg.chart { display: block; width: 100%; max-width: 720px; height: auto; margin: 8px 0 12px; }
svg text { font-size: 12px; fill: #1b1f24; }
svg .tick { font-size: 11px; fill: #57606a; }
svg .grid { stroke: #e1e4e8; }
.bar-vuln { fill: #c62828; } .bar-unknown { fill: #f9a825; } .bar-patched { fill: #2e7d32; }
@page { margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  nav { display: none; }
  table, ul.hosts { font-size: 8pt; }
  th, td { padding: 2px 4px; }
  td.path { font-size: 7.5pt; }
  h2, h3 { break-after: avoid; }
  tr, svg, .card { break-inside: avoid; }
  thead { display: table-header-group; }
}
</style>
)";

}  // namespace

std::string_view style_sheet() noexcept { return kStyle; }

void open_table(std::string& out, std::initializer_list<Column> columns) {
  out += "<table>\n<thead><tr>";
  for (const auto& c : columns)
    fmt::format_to(std::back_inserter(out), "<th{}>{}</th>", c.number ? R"( class="num")" : "", c.header);
  out += "</tr></thead>\n<tbody>\n";
}

namespace {
void cut_note(std::string& out, std::size_t total, std::size_t shown = kMaxRows) {
  if (total > shown)
    fmt::format_to(std::back_inserter(out),
                   R"(<p class="note">Only the first {} of {} are listed here; )"
                   R"(<code>exray report --format json</code> lists them all.</p>)"
                   "\n",
                   shown, total);
}

}  // namespace

void close_table(std::string& out, std::size_t total) {
  out += "</tbody>\n</table>\n";
  cut_note(out, total);
}

std::string td(std::string_view markup, const char* css_class) {
  return css_class == nullptr ? fmt::format("<td>{}</td>", markup)
                              : fmt::format(R"(<td class="{}">{}</td>)", css_class, markup);
}
std::string td(std::uint64_t number) { return fmt::format(R"(<td class="num">{}</td>)", number); }

namespace {
std::string host_label(const HostKey& key) { return esc(key.label()); }
}  // namespace

std::string time_text(const std::string& data) { return R"(<span class="nowrap">)" + esc(data) + "</span>"; }
std::string or_dash(const std::string& data) { return data.empty() ? std::string("&ndash;") : esc(data); }
namespace {
std::string listed(const std::vector<std::string>& advisories) {
  std::string out;
  for (const auto& a : advisories) out += (out.empty() ? "" : ", ") + esc(a);
  return out;
}

constexpr std::array<const char*, 5> kSeverities{"critical", "high", "medium", "low", "info"};
}  // namespace

const std::vector<std::string_view>& severities() {
  static const std::vector<std::string_view> list(kSeverities.begin(), kSeverities.end());
  return list;
}

std::string severity_cell(std::string_view severity) {
  for (const char* known : kSeverities)
    if (severity == known) return fmt::format(R"(<td class="sev sev-{}">{}</td>)", known, known);
  return td(esc(severity));
}

std::size_t severity_rank(std::string_view severity) noexcept {
  const auto* it = std::ranges::find(kSeverities, severity);
  return static_cast<std::size_t>(it - kSeverities.begin());
}

void card(std::string& out, std::uint64_t number, std::string_view label_markup, bool bad) {
  fmt::format_to(std::back_inserter(out),
                 R"(<div class="card{}"><span class="n">{}</span><span class="l">{}</span></div>)"
                 "\n",
                 bad ? " bad" : "", number, label_markup);
}

std::size_t finding_count(const inventory::Report& r) {
  std::size_t total = 0;
  for (const auto& [host, list] : r.findings) total += list.size();
  return total;
}

void summary_cards(std::string& out, const inventory::Report& r) {
  out += "<div class=\"cards\">\n";
  card(out, r.runs.size(), "runs");
  card(out, r.hosts, "hosts seen");
  card(out, r.exchange, "Exchange servers exposed (latest sighting)");
  card(out, finding_count(r), "hunt findings", finding_count(r) > 0);
  out += "</div>\n<h3>Vulnerable Exchange servers, by advisory</h3>\n<div class=\"cards\">\n";
  for (const auto& a : r.advisories) card(out, a.vulnerable, esc(a.advisory), a.vulnerable > 0);
  if (r.advisories.empty())
    out += R"(<p class="note">No Exchange server with a verdict in this period.</p>)"
           "\n";
  out += "</div>\n";
}

void runs_table(std::string& out, const std::vector<store::Run>& runs) {
  open_table(out, {{"started"}, {"kind"}, {"status"}, {"hosts", true}, {"findings", true}, {"run"}});
  for (std::size_t i = 0; i < runs.size() && i < kMaxRows; ++i) {
    const auto& run = runs[i];
    out += "<tr>" + td(time_text(run.started)) + td(esc(run.kind)) +
           td(run.status == "running" ? std::string("incomplete") : esc(run.status)) + td(run.hosts) +
           td(run.findings) + td(esc(run.id)) + "</tr>\n";
  }
  close_table(out, runs.size());
}

void summary_section(std::string& out, const inventory::Report& r) {
  out += R"(<section id="summary"><h2>Summary</h2>)"
         "\n";
  summary_cards(out, r);
  out += "<h3>Runs</h3>\n";
  runs_table(out, r.runs);
  out += "</section>\n";
}

void advisories_section(std::string& out, const inventory::Report& r) {
  out += R"(<section id="advisories"><h2>Unpatched, by advisory</h2>)"
         "\n"
         R"(<p class="note">Exchange servers by their latest sighting: vulnerable (security update missing, or no fix )"
         R"(for their CU), unknown (the build does not tell), patched.</p>)"
         "\n";
  if (r.advisories.empty()) {
    out += R"(<p class="note">No Exchange server with a verdict in this period.</p>)"
           "\n</section>\n";
    return;
  }
  out += html::advisory_chart(r.advisories);
  open_table(out, {{"advisory"}, {"vulnerable", true}, {"unknown", true}, {"patched", true}});
  for (const auto& a : r.advisories)
    out += "<tr>" + td(esc(a.advisory)) + td(a.vulnerable) + td(a.unknown) + td(a.patched) + "</tr>\n";
  close_table(out, r.advisories.size());
  out += "</section>\n";
}

void trend_section(std::string& out, const inventory::Report& r) {
  out += R"(<section id="trend"><h2>Trend over the period's scans</h2>)"
         "\n"
         R"(<p class="note">Vulnerable Exchange servers per advisory, as each scan saw them.</p>)"
         "\n";
  if (r.trend.empty()) {
    out += R"(<p class="note">No scan in this period.</p>)"
           "\n</section>\n";
    return;
  }
  out += html::trend_chart(r.trend);
  if (r.trend.size() == 1)
    out += R"(<p class="note">One scan in this period: each later scan adds a point.</p>)"
           "\n";
  // The points list the same advisories (those the period's scans judged); a union costs nothing.
  std::set<std::string> names;
  for (const auto& p : r.trend)
    for (const auto& [advisory, _] : p.vulnerable) names.insert(advisory);
  out +=
      "<table>\n<thead><tr><th>scan started</th><th class=\"num\">hosts reached</th><th "
      "class=\"num\">Exchange</th>";
  for (const auto& advisory : names) out += R"(<th class="num">)" + esc(advisory) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < r.trend.size() && i < kMaxRows; ++i) {
    const auto& p = r.trend[i];
    out += "<tr>" + td(time_text(p.started)) + td(p.reached) + td(p.exchange);
    for (const auto& advisory : names) {
      const auto it = p.vulnerable.find(advisory);
      out += td(it == p.vulnerable.end() ? 0 : it->second);
    }
    out += "</tr>\n";
  }
  close_table(out, r.trend.size());
  out += "</section>\n";
}

void releases_section(std::string& out, const inventory::Report& r) {
  out += R"(<section id="releases"><h2>By product and CU</h2>)"
         "\n";
  open_table(out, {{"product"}, {"CU"}, {"Exchange servers", true}, {"vulnerable to at least one advisory", true}});
  for (std::size_t i = 0; i < r.releases.size() && i < kMaxRows; ++i) {
    const auto& c = r.releases[i];
    out += "<tr>" + td(esc(c.product)) + td(esc(c.cu)) + td(c.hosts) + td(c.vulnerable) + "</tr>\n";
  }
  close_table(out, r.releases.size());
  out += "</section>\n";
}

void newly_seen_section(std::string& out, const inventory::Report& r) {
  fmt::format_to(std::back_inserter(out),
                 R"(<section id="new"><h2>Newly seen: {}</h2>)"
                 "\n",
                 r.newly_seen.size());
  out +=
      R"(<p class="note">Hosts that answered for the first time in this period (a timeout or refusal is not a sighting).</p>)"
      "\n";
  // A flowing list, not a table: a first scan sees every address for the first time.
  out += R"(<ul class="hosts">)"
         "\n";
  for (std::size_t i = 0; i < r.newly_seen.size() && i < kMaxNewHosts; ++i)
    out += "<li>" + host_label(r.newly_seen[i]) + "</li>\n";
  out += "</ul>\n";
  cut_note(out, r.newly_seen.size(), kMaxNewHosts);
  out += "</section>\n";
}

void changes_section(std::string& out, const inventory::Report& r) {
  fmt::format_to(std::back_inserter(out),
                 R"(<section id="changes"><h2>Changed since the previous sighting: {}</h2>)"
                 "\n",
                 r.changes.size());
  open_table(out, {{"host"}, {"seen before &rarr; after"}, {"build before &rarr; after"}, {"patched"}, {"now open"}});
  for (std::size_t i = 0; i < r.changes.size() && i < kMaxRows; ++i) {
    const auto& c = r.changes[i];
    out += "<tr>" + td(host_label(c.host)) + td(time_text(c.before) + " &rarr; " + time_text(c.after)) +
           td(or_dash(c.from_build) + " &rarr; " + or_dash(c.to_build)) + td(listed(c.closed), "closed") +
           td(listed(c.opened), "open") + "</tr>\n";
  }
  close_table(out, r.changes.size());
  out += "</section>\n";
}

void still_open_section(std::string& out, const inventory::Report& r) {
  fmt::format_to(std::back_inserter(out),
                 R"(<section id="open"><h2>Still open, longest first: {}</h2>)"
                 "\n",
                 r.still_open.size());
  out += R"(<p class="note">Each advisory a host is vulnerable to, since the first of its unbroken run of sightings )"
         R"(open to it: whom the next alert must name.</p>)"
         "\n";
  open_table(out, {{"open since"}, {"scans", true}, {"advisory"}, {"host"}, {"build"}, {"fix"}});
  for (std::size_t i = 0; i < r.still_open.size() && i < kMaxRows; ++i) {
    const auto& o = r.still_open[i];
    const auto fix = o.state == "no-fix"
                         ? "upgrade to " + or_dash(o.upgrade_to) + ", then install " + or_dash(o.install)
                         : "install " + or_dash(o.install);
    out += "<tr>" + td(time_text(o.since)) + td(o.scans) + td(esc(o.advisory)) + td(host_label(o.host)) +
           td(or_dash(o.build)) + td(fix) + "</tr>\n";
  }
  close_table(out, r.still_open.size());
  out += "</section>\n";
}

void findings_section(std::string& out, const std::map<std::string, std::vector<store::FindingRow>>& findings) {
  std::size_t total = 0;
  for (const auto& [host, list] : findings) total += list.size();
  fmt::format_to(std::back_inserter(out),
                 R"(<section id="findings"><h2>Hunt findings: {} on {} host(s)</h2>)"
                 "\n",
                 total, findings.size());
  if (!findings.empty())
    out += R"(<p class="note">By host, worst first.</p>)"
           "\n";
  for (const auto& [host, list] : findings) {
    fmt::format_to(std::back_inserter(out), "<h3>{}: {}</h3>\n", host.empty() ? "(no host recorded)" : esc(host),
                   list.size());
    std::vector<const store::FindingRow*> sorted;
    for (const auto& f : list) sorted.push_back(&f);
    std::ranges::stable_sort(sorted, {}, [](const auto* f) { return severity_rank(f->severity); });
    open_table(out, {{"severity"}, {"kind"}, {"rule"}, {"subject"}, {"event time"}});
    for (std::size_t i = 0; i < sorted.size() && i < kMaxRows; ++i) {
      const auto& f = *sorted[i];
      out += "<tr>" + severity_cell(f.severity) + td(esc(f.kind)) + td(esc(f.rule)) + td(esc(f.subject), "path") +
             td(f.time.empty() ? std::string("&ndash;") : time_text(f.time)) + "</tr>\n";
    }
    close_table(out, list.size());
  }
  out += "</section>\n";
}

void timelines_section(std::string& out, const std::map<std::string, inventory::HostTimeline>& timelines) {
  fmt::format_to(std::back_inserter(out),
                 R"(<section id="timelines"><h2>Timelines of compromised hosts: {}</h2>)"
                 "\n",
                 timelines.size());
  if (!timelines.empty())
    out += R"(<p class="note">Steps link by web path (a shell on disk, the file a log says was written, )"
           R"(the URL requested); "before" is the nearest earlier step, not proof of cause.</p>)"
           "\n";
  for (const auto& [host, t] : timelines) {
    fmt::format_to(std::back_inserter(out), "<h3>{}: {} web shell(s), {} step(s)</h3>\n",
                   host.empty() ? "(no host recorded)" : esc(host), t.chains.size(), t.steps.size());
    if (!t.chains.empty()) {
      open_table(out, {{"web shell"},
                       {"last exploit before"},
                       {"last change before"},
                       {"written"},
                       {"uses", true},
                       {"first used"},
                       {"last used"},
                       {"on disk"}});
      for (std::size_t i = 0; i < t.chains.size() && i < kMaxRows; ++i) {
        const auto& c = t.chains[i];
        out += "<tr>" + td(esc(c.web_path), "path") + td(or_dash(c.exploited)) + td(or_dash(c.changed)) +
               td(or_dash(c.written)) + td(c.uses) + td(or_dash(c.first_used)) + td(or_dash(c.last_used)) +
               td(or_dash(c.file), "path") + "</tr>\n";
      }
      close_table(out, t.chains.size());
    }
    open_table(out, {{"time"}, {"stage"}, {"rule"}, {"what"}});
    for (std::size_t i = 0; i < t.steps.size() && i < kMaxRows; ++i) {
      const auto& s = t.steps[i];
      out += "<tr>" + td(s.time.empty() ? std::string("&ndash;") : time_text(s.time)) +
             td(esc(inventory::to_string(s.stage))) + td(esc(s.rule)) + td(esc(s.what), "path") + "</tr>\n";
    }
    close_table(out, t.steps.size());
  }
  out += "</section>\n";
}

}  // namespace exray::report::html
