// SPDX-License-Identifier: Apache-2.0
// The pages drawn from the report model: the overview, the hunt findings and the runs.
#include <fmt/format.h>

#include <iterator>
#include <set>

#include "exray/core/text.hpp"
#include "exray/report/html_sections.hpp"
#include "exray/web/pages.hpp"
#include "page_frame.hpp"

namespace exray::web {
namespace {

namespace html = report::html;
using html::esc;

using FindingsByHost = std::map<std::string, std::vector<store::FindingRow>>;

bool finding_matches(const store::FindingRow& f, std::string_view severity, std::string_view text) {
  if (!severity.empty() && f.severity != severity) return false;
  if (text.empty()) return true;
  return icontains(f.kind, text) || icontains(f.rule, text) || icontains(f.subject, text) || icontains(f.host, text);
}

}  // namespace

std::string overview_page(const inventory::Report& report) {
  auto out = open_page("Overview", "/");
  out += R"(<section id="summary"><h2>Now</h2>)"
         "\n";
  html::summary_cards(out, report);
  out += R"(<p class="note">The same numbers as <code>exray report</code> over every run in the store.</p>)"
         "\n</section>\n";
  html::advisories_section(out, report);
  html::trend_section(out, report);
  html::releases_section(out, report);
  html::changes_section(out, report);
  close_page(out);
  return out;
}

std::string findings_page(const inventory::Report& report, const Params& params) {
  const auto host = param(params, "host"), severity = param(params, "severity"), text = param(params, "q");
  auto out = open_page("Hunt findings", "/findings");
  std::vector<std::pair<std::string, std::string>> hosts, severities;
  for (const auto& [name, _] : report.findings) hosts.emplace_back(name, name.empty() ? "(no host recorded)" : name);
  for (const auto s : html::severities()) severities.emplace_back(std::string(s), std::string(s));
  open_form(out, "/findings");
  text_input(out, "q", "text", text);
  select_input(out, "host", "host", hosts, host);
  select_input(out, "severity", "severity", severities, severity);
  close_form(out, "/findings");

  FindingsByHost shown;
  for (const auto& [name, list] : report.findings) {
    if (!host.empty() && name != host) continue;
    for (const auto& f : list)
      if (finding_matches(f, severity, text)) shown[name].push_back(f);
  }
  html::findings_section(out, shown);
  close_page(out);
  return out;
}

std::string runs_page(const inventory::Report& report) {
  auto out = open_page("Runs", "/runs");
  std::size_t incomplete = 0;
  for (const auto& run : report.runs)
    if (run.status == "running") ++incomplete;
  fmt::format_to(std::back_inserter(out),
                 R"(<p class="note">{} runs; {} incomplete (still running, or killed before they finished).</p>)"
                 "\n",
                 report.runs.size(), incomplete);
  html::runs_table(out, report.runs);
  close_page(out);
  return out;
}

std::string message_page(std::string_view title, std::string_view text_markup) {
  auto out = open_page(title, "");
  out += "<p>";
  out += text_markup;
  out += "</p>\n";
  close_page(out);
  return out;
}

}  // namespace exray::web
