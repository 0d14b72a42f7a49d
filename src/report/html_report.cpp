// SPDX-License-Identifier: Apache-2.0
#include "exray/report/html_report.hpp"

#include <fmt/format.h>

#include <iterator>

#include "exray/report/html_sections.hpp"

namespace exray::report {
namespace {

using html::esc;

// No script may run and nothing may be fetched, even if an escape were ever missed.
constexpr const char* kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_report(const inventory::Report& r) {
  const auto since = r.period.since.empty() ? std::string("the first run") : esc(r.period.since);
  const auto until = r.period.until.empty() ? std::string("the last run") : esc(r.period.until);
  std::string out = kHead;
  fmt::format_to(std::back_inserter(out), "<title>exray report: {} to {}</title>\n", since, until);
  out += html::style_sheet();
  out += "</head>\n<body>\n<header>\n<h1>exray report</h1>\n";
  fmt::format_to(std::back_inserter(out),
                 R"(<p class="period">{} to {}</p>)"
                 "\n",
                 since, until);
  out +=
      R"(<nav><a href="#summary">Summary</a><a href="#advisories">Advisories</a><a href="#trend">Trend</a>)"
      R"(<a href="#releases">CUs</a><a href="#new">Newly seen</a><a href="#changes">Changes</a>)"
      R"(<a href="#open">Still open</a><a href="#findings">Hunt findings</a><a href="#timelines">Timelines</a></nav>)"
      "\n</header>\n<main>\n";
  html::summary_section(out, r);
  html::advisories_section(out, r);
  html::trend_section(out, r);
  html::releases_section(out, r);
  html::newly_seen_section(out, r);
  html::changes_section(out, r);
  html::still_open_section(out, r);
  html::findings_section(out, r.findings);
  html::timelines_section(out, r.timelines);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace exray::report
