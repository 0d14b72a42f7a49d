// SPDX-License-Identifier: Apache-2.0
// A compromised host's timeline, from hunt findings as the store keeps them.
#include "exray/inventory/timeline.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace exray::inventory {
namespace {

using Json = nlohmann::json;

// A finding row as `exray hunt --db` stores one: a log line (line > 0) or a file on disk.
store::FindingRow row(const std::string& id, const std::string& kind, const std::string& rule, const std::string& time,
                      const std::string& file, std::uint64_t line, const Json& fields = Json::object()) {
  const Json record{
      {"id", id},
      {"kind", kind},
      {"rule", {{"id", rule}}},
      {"subject", file},
      {"evidence", {{"file", file}, {"line", line}, {"excerpt", "excerpt of " + rule}, {"fields", fields}}}};
  return store::FindingRow{"run1", "2026-01-01T00:00:00Z", id, "EXCH01", kind, rule, "critical", file,
                           time,   record.dump()};
}

const std::string kIis = "/copy/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log";

std::vector<store::FindingRow> proxylogon_story() {
  return {
      row("1", "exploitation", "proxylogon-ssrf", "2021-03-03T01:00:00Z", "/copy/HttpProxy/Ecp/a.log", 4,
          {{"uri", "/ecp/y.js"}, {"method", "POST"}}),
      row("2", "exploitation", "proxylogon-ecp-set-vdir-script", "2021-03-03T01:01:00Z", "/copy/ECP/Server/b.log", 9),
      row("3", "exploitation", "proxylogon-oab-file-write", "2021-03-03T01:02:00Z", "/copy/OABGeneratorLog/c.log", 2,
          {{"path", R"('C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\X.aspx')"}}),
      row("4", "webshell", "webshell-china-chopper", "2021-03-03T01:02:01Z",
          "/copy/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.aspx", 0),
      // The same request line matched by two rules is one use.
      row("5", "webshell", "webshell-command-in-query", "2021-03-03T02:00:00Z", kIis, 17,
          {{"uri", "/OWA/auth/x.aspx?cmd=whoami"}, {"method", "GET"}}),
      row("6", "webshell", "webshell-request-exchange-dirs", "2021-03-03T02:00:00Z", kIis, 17,
          {{"uri", "/OWA/auth/x.aspx?cmd=whoami"}, {"method", "GET"}}),
      row("7", "webshell", "webshell-request-exchange-dirs", "2021-03-04T09:00:00Z", kIis, 80,
          {{"uri", "/owa/auth/x.aspx"}, {"method", "POST"}}),
      row("8", "exploitation", "proxylogon-ssrf", "2021-03-05T00:00:00Z", "/copy/HttpProxy/Ecp/a.log", 40),
  };
}

TEST(Timeline, TheEvidenceOfOneWebShellLinksUpIntoOneChain) {
  auto rows = proxylogon_story();
  const auto t = timelines({{"EXCH01", rows}});
  ASSERT_EQ(t.count("EXCH01"), 1U);
  const auto& host = t.at("EXCH01");
  ASSERT_EQ(host.chains.size(), 1U);
  const auto& c = host.chains[0];
  EXPECT_EQ(c.web_path, "/owa/auth/x.aspx");
  EXPECT_EQ(c.exploited, "2021-03-03T01:00:00Z");  // the last exploit before the write, not the later one
  EXPECT_EQ(c.changed, "2021-03-03T01:01:00Z");
  EXPECT_EQ(c.written, "2021-03-03T01:02:00Z");  // the OAB log, a second before the file's mtime
  EXPECT_EQ(c.file, "/copy/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.aspx");
  EXPECT_EQ(c.uses, 2U);
  EXPECT_EQ(c.first_used, "2021-03-03T02:00:00Z");
  EXPECT_EQ(c.last_used, "2021-03-04T09:00:00Z");

  ASSERT_EQ(host.steps.size(), rows.size());
  std::vector<std::string_view> stages;
  for (const auto& s : host.steps) stages.push_back(to_string(s.stage));
  EXPECT_EQ(stages, (std::vector<std::string_view>{"exploit", "config-change", "file-written", "file-written",
                                                   "shell-used", "shell-used", "shell-used", "exploit"}));
  EXPECT_EQ(host.steps[0].what, "POST /ecp/y.js");
}

TEST(Timeline, OrderIsByTimeWhateverOrderTheStoreGaveAndRepeatsAreOneStep) {
  auto rows = proxylogon_story();
  std::reverse(rows.begin(), rows.end());
  rows.push_back(rows.front());  // found again by a second hunt
  const auto t = timelines({{"EXCH01", rows}});
  const auto& steps = t.at("EXCH01").steps;
  ASSERT_EQ(steps.size(), proxylogon_story().size());
  for (std::size_t i = 1; i < steps.size(); ++i) EXPECT_LE(steps[i - 1].time, steps[i].time);
}

TEST(Timeline, AShellUsedButNeverFoundOnDiskIsStillAChain) {
  const auto t = timelines({{"h",
                             {row("1", "webshell", "webshell-command-in-query", "2021-03-03T02:00:00Z", kIis, 3,
                                  {{"uri", "/aspnet_client/s.aspx?c=dir"}})}}});
  ASSERT_EQ(t.at("h").chains.size(), 1U);
  EXPECT_EQ(t.at("h").chains[0].written, "");
  EXPECT_EQ(t.at("h").chains[0].uses, 1U);
}

TEST(Timeline, HostsWithOnlyProbesOrStagedFilesHaveNone) {
  const auto t =
      timelines({{"quiet",
                  {row("1", "reconnaissance", "proxylogon-localhost-probe", "2021-03-02T00:00:00Z", kIis, 1),
                   row("2", "suspicious_file", "programdata-archive", "2021-03-02T00:00:00Z", "/copy/x.7z", 0)}}});
  EXPECT_TRUE(t.empty());
}

TEST(Timeline, ARecordThatIsNotJsonStillGivesAStepByItsKind) {
  auto r = row("1", "ransomware", "ransomware-note", "2021-03-09T00:00:00Z", "/copy/readme.txt", 0);
  r.record = "{\"evidence\": [\"not what we wrote\"";
  const auto t = timelines({{"h", {r}}});
  ASSERT_EQ(t.at("h").steps.size(), 1U);
  EXPECT_EQ(t.at("h").steps[0].stage, Stage::ransomware);
}

TEST(Timeline, WebPathsOfFilesAndUrls) {
  EXPECT_EQ(web_path_of_file(R"(C:\inetpub\wwwroot\aspnet_client\system_web\ErrorEE.aspx)"),
            "/aspnet_client/system_web/erroree.aspx");
  EXPECT_EQ(web_path_of_file(R"('\\127.0.0.1\c$\inetpub\wwwroot\aspnet_client\a.aspx')"), "/aspnet_client/a.aspx");
  EXPECT_EQ(web_path_of_file("/copy/V15/ClientAccess/ecp/auth/b.aspx"), "/ecp/auth/b.aspx");
  EXPECT_EQ(web_path_of_file("/copy/Users/Administrator/x.aspx"), "");
  EXPECT_EQ(web_path_of_url("/OWA/auth/X.aspx?cmd=whoami#f"), "/owa/auth/x.aspx");
  EXPECT_EQ(web_path_of_url("https://mail.contoso.com/ecp/a.aspx?x"), "/ecp/a.aspx");
  EXPECT_EQ(web_path_of_url("not a url"), "");
}

}  // namespace
}  // namespace exray::inventory
