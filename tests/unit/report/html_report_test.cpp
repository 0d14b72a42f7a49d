// SPDX-License-Identifier: Apache-2.0
// The HTML report: every text from a host, a file or the store is escaped wherever it lands
// (table cells, headings, SVG text and tooltips), nothing can run or be fetched, and the
// document stays well-formed whatever the data.
#include "exray/report/html_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace exray::report {
namespace {

// Each part must come out escaped: a tag, a quote that ends an attribute, an apostrophe, an entity.
const std::string kHostile = R"(<script>alert(1)</script>"><img src=x onerror=alert(1)>'&)";
const std::string kEscaped =
    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;";

// A hostile text a little different per field, so each field is checked on its own.
std::string h(int n) { return kHostile + std::to_string(n); }

inventory::HostKey host(int n) { return {h(n), 443, h(n + 1)}; }

// Every text field of the report set to hostile text; two scans so the trend draws lines.
inventory::Report hostile_report() {
  inventory::Report r;
  r.period = {h(1), h(2)};
  r.runs = {store::Run{h(3), h(4), h(5), h(6), h(7), h(8), 2, 0},
            store::Run{h(9), "scan", "", h(10), "", "running", 1, 0},
            store::Run{h(11), "hunt", "", h(12), h(13), "complete", 0, 1}};
  r.hosts = 2;
  r.exchange = 2;
  r.advisories = {{h(14), 2, 1, 0}, {"proxylogon", 0, 0, 2}};
  r.releases = {{h(15), h(16), 2, 1}};
  r.newly_seen = {host(17)};
  r.changes = {inventory::Change{host(19), h(21), h(22), h(23), h(24), {h(25)}, {h(26), h(27)}}};
  r.still_open = {inventory::OpenExposure{host(28), h(30), "no-fix", h(31), h(32), h(33), h(34), 3},
                  inventory::OpenExposure{host(35), h(37), h(38), h(39), h(40), h(41), "", 1}};
  r.findings[h(42)] = {store::FindingRow{h(43), h(44), h(45), h(42), h(46), h(47), h(48), h(49), h(50), "{}"},
                       store::FindingRow{h(43), h(44), h(51), h(42), "webshell", "rule", "high", "x.aspx", "", "{}"}};
  r.findings[""] = {store::FindingRow{h(43), h(44), h(52), "", h(53), h(54), h(55), h(56), h(57), "{}"}};
  r.trend = {inventory::TrendPoint{h(3), h(6), 2, 2, {{h(14), 1}, {h(58), 0}}},
             inventory::TrendPoint{h(9), h(10), 1, 1, {{h(14), 2}, {h(58), 1}}}};
  r.timelines[h(59)] =
      inventory::HostTimeline{{inventory::ShellChain{h(60), h(61), h(62), h(63), h(64), h(65), 2, h(66)}},
                              {inventory::TimelineStep{h(67), inventory::Stage::shell_used, h(68), h(69), h(60)}}};
  return r;
}

std::vector<std::string> tags(const std::string& html) {
  static const std::regex kTag("<[^>]*>");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kTag); it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

// Every element is one the page itself writes, opened and closed in order.
void expect_well_formed(const std::string& html) {
  static const std::set<std::string> kOurs{
      "html", "head", "meta", "title",   "style", "body", "header", "h1",    "h2",    "h3",       "p",
      "nav",  "a",    "main", "section", "div",   "span", "table",  "thead", "tbody", "tr",       "th",
      "td",   "code", "ul",   "li",      "svg",   "rect", "text",   "tspan", "line",  "polyline", "circle"};
  static const std::regex kEventHandler(R"(\son[a-z]+\s*=)", std::regex::icase);
  std::vector<std::string> open;
  for (const auto& tag : tags(html)) {
    EXPECT_FALSE(std::regex_search(tag, kEventHandler)) << tag;
    if (tag.starts_with("<!")) {
      EXPECT_EQ(tag, "<!DOCTYPE html>");
      continue;
    }
    const bool closing = tag[1] == '/';
    const auto name_start = closing ? 2U : 1U;
    const auto name = tag.substr(name_start, tag.find_first_of(" />", name_start) - name_start);
    ASSERT_TRUE(kOurs.contains(name)) << "an element the page does not write: " << tag;
    if (tag.ends_with("/>") || name == "meta") continue;
    if (!closing) {
      open.push_back(name);
    } else {
      ASSERT_FALSE(open.empty()) << tag;
      EXPECT_EQ(open.back(), name) << tag;
      open.pop_back();
    }
  }
  EXPECT_TRUE(open.empty()) << open.size() << " element(s) left open, the last " << (open.empty() ? "" : open.back());
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

TEST(HtmlReport, EscapesTheFiveCharactersThatMatter) {
  EXPECT_EQ(html_escape(R"(<a href="x" title='y'>&amp;</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape("plain text 15.1.2176.2"), "plain text 15.1.2176.2");
}

TEST(HtmlReport, HostileTextInEveryFieldIsShownEscapedAndNeverAsMarkup) {
  const auto html = html_report(hostile_report());
  std::string lower = html;
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  EXPECT_EQ(lower.find("<script"), std::string::npos);
  EXPECT_EQ(lower.find("<img"), std::string::npos);
  EXPECT_EQ(html.find(kHostile), std::string::npos);

  // Each field shows up, escaped: in cells, headings, the title, the charts' text and tooltips.
  // (Not shown, as in the text report: a run's command and end, a finding's id and run.)
  for (int n : {1,  2,  3,  4,  6,  8,  9,  10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 39, 40, 41, 42, 46, 47,
                48, 49, 50, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69})
    EXPECT_NE(html.find(kEscaped + std::to_string(n)), std::string::npos) << "field " << n << " is missing";
  EXPECT_EQ(count(html, "<title>exray report: " + kEscaped + "1 to " + kEscaped + "2</title>"), 1U);

  expect_well_formed(html);
  EXPECT_EQ(count(html, "<svg"), 2U);
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_EQ(count(html, "<table>"), count(html, "</table>"));
  EXPECT_EQ(count(html, "<polyline"), 2U) << "one line per advisory over the two scans";
}

TEST(HtmlReport, NeedsNothingFromTheNetworkAndRunsNothing) {
  const auto html = html_report(hostile_report());
  EXPECT_EQ(html.find("://"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  // "http" only in the policy that forbids scripts and fetching altogether.
  EXPECT_EQ(count(html, "http"), count(html, "http-equiv=\"Content-Security-Policy\""));
  EXPECT_NE(html.find(R"(content="default-src 'none'; style-src 'unsafe-inline'")"), std::string::npos);
  // The hostile text says "src=" and "href=" too, but only ever as text.
  for (const auto& tag : tags(html)) {
    EXPECT_EQ(tag.find("src="), std::string::npos) << tag;
    if (tag.find("href=") != std::string::npos) {
      EXPECT_TRUE(tag.starts_with("<a href=\"#")) << "only links within the page: " << tag;
    }
  }
}

TEST(HtmlReport, ControlAndNonAsciiBytesAreShownAsTheTextReportShowsThem) {
  inventory::Report r;
  r.findings["EXCH01"] = {
      store::FindingRow{"", "", "", "EXCH01", "webshell", "rule", "high", "a\x1b[31m\xff.aspx", "", "{}"}};
  const auto html = html_report(r);
  EXPECT_NE(html.find(R"(a\x1b[31m\xff.aspx)"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  expect_well_formed(html);
}

TEST(HtmlReport, FindingsOfAHostAreListedWorstFirst) {
  inventory::Report r;
  auto finding = [](const char* severity, const char* subject) {
    return store::FindingRow{"", "", "", "EXCH01", "webshell", "rule", severity, subject, "", "{}"};
  };
  r.findings["EXCH01"] = {finding("low", "a.aspx"), finding("bogus", "b.aspx"), finding("critical", "c.aspx"),
                          finding("high", "d.aspx"), finding("critical", "e.aspx")};
  const auto html = html_report(r);
  std::vector<std::size_t> at;
  for (const char* subject : {"c.aspx", "e.aspx", "d.aspx", "a.aspx", "b.aspx"}) at.push_back(html.find(subject));
  EXPECT_TRUE(std::ranges::is_sorted(at)) << "critical (in their order), high, low, then what the page does not know";
  EXPECT_NE(html.find(R"(<td class="sev sev-critical">critical</td>)"), std::string::npos);
  EXPECT_NE(html.find("<td>bogus</td>"), std::string::npos) << "an unknown severity gets no class";
}

TEST(HtmlReport, AnEmptyStoreStillGivesAWholePage) {
  const auto html = html_report(inventory::Report{});
  expect_well_formed(html);
  EXPECT_NE(html.find("No scan in this period."), std::string::npos);
  EXPECT_NE(html.find("No Exchange server with a verdict in this period."), std::string::npos);
  EXPECT_EQ(count(html, "<svg"), 0U);
}

TEST(HtmlReport, LongListsAreCutWithANote) {
  inventory::Report r;
  for (int i = 0; i < 2001; ++i) {
    const inventory::HostKey key{"10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), 443, ""};
    r.newly_seen.push_back(key);
    r.still_open.push_back(
        inventory::OpenExposure{key, "proxylogon", "su-missing", "2021-03-05", "15.1.2176.2", "15.1.2176.9", "", 1});
  }
  const auto html = html_report(r);
  EXPECT_NE(html.find("Newly seen: 2001"), std::string::npos);
  EXPECT_NE(html.find("Only the first 500 of 2001 are listed here"), std::string::npos);
  EXPECT_NE(html.find("<li>10.0.1.243:443</li>"), std::string::npos);
  EXPECT_EQ(html.find("<li>10.0.1.244:443</li>"), std::string::npos) << "host 501 is cut";
  EXPECT_NE(html.find("Still open, longest first: 2001"), std::string::npos);
  EXPECT_NE(html.find("Only the first 2000 of 2001 are listed here"), std::string::npos);
  EXPECT_NE(html.find("<td>10.0.7.207:443</td>"), std::string::npos);
  EXPECT_EQ(html.find("<td>10.0.7.208:443</td>"), std::string::npos) << "row 2001 is cut";
  expect_well_formed(html);
}

TEST(HtmlReport, OneScanIsAPointPerAdvisoryWithoutLines) {
  inventory::Report r;
  r.trend = {inventory::TrendPoint{"run", "2021-03-05T10:00:00Z", 5, 3, {{"proxylogon", 2}, {"proxyshell", 0}}}};
  const auto html = html_report(r);
  EXPECT_EQ(count(html, "<polyline"), 0U);
  EXPECT_EQ(count(html, "<circle"), 2U);
  EXPECT_NE(html.find("One scan in this period"), std::string::npos);
  EXPECT_NE(html.find("<title>2021-03-05T10:00:00Z, proxylogon: 2 vulnerable</title>"), std::string::npos);
  expect_well_formed(html);
}

}  // namespace
}  // namespace exray::report
