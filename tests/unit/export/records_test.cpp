// SPDX-License-Identifier: Apache-2.0
// `exray export` as JSON Lines and CSV: hosts as the period leaves them, findings as stored.
#include <gtest/gtest.h>

#include "export_fixture.hpp"

namespace exray::report::testing {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST_F(ExportTest, HostsAreTheirLatestSightingWithWhenTheyWereFirstAndLastSeen) {
  const auto hosts = lines(exported(ExportWhat::hosts, ExportFormat::jsonl));
  ASSERT_EQ(hosts.size(), 3U);
  const auto& b = hosts[1];
  EXPECT_EQ(b["type"], "inventory_host");
  EXPECT_EQ(b["schema"], 1);
  EXPECT_EQ(b["address"], "10.0.0.2");
  EXPECT_EQ(b["name"], kHostileName);
  EXPECT_EQ(b["build"], "15.1.2176.12");
  EXPECT_EQ(b["cu"], "Exchange 2016 CU19");
  EXPECT_EQ(b["first_seen"], "2021-03-05T10:00:00Z");
  EXPECT_EQ(b["last_seen"], "2021-04-20T10:00:00Z");
  EXPECT_EQ(b["sightings"], 2);
  EXPECT_EQ(b["advisories"]["april-2021"]["state"], "patched");
  EXPECT_EQ(b["vulnerable"], Json::array());
  EXPECT_EQ(hosts[0]["vulnerable"], Json::array({"april-2021", "proxylogon"}));
  EXPECT_EQ(hosts[0]["advisories"]["proxylogon"]["install"], "15.1.2176.14");
  EXPECT_EQ(hosts[0]["advisories"]["proxylogon"]["upgrade_to"], nullptr);
  EXPECT_EQ(hosts[0]["name"], nullptr);
}

TEST_F(ExportTest, AnEarlierPeriodShowsHostsAsTheyWereThen) {
  const auto hosts = lines(exported(ExportWhat::hosts, ExportFormat::jsonl, {"", "2021-03-31"}));
  ASSERT_EQ(hosts.size(), 2U);  // 10.0.0.3 was first seen in April
  EXPECT_EQ(hosts[1]["build"], "15.1.2176.9");
  EXPECT_EQ(hosts[1]["sightings"], 1);
  EXPECT_EQ(hosts[1]["vulnerable"], Json::array({"april-2021"}));
  // A host not seen in the period is not exported, though seen before it.
  EXPECT_TRUE(lines(exported(ExportWhat::hosts, ExportFormat::jsonl, {"2021-05-01", ""})).empty());
}

TEST_F(ExportTest, HostsCsvHasThreeColumnsPerAdvisoryAndDefusesFormulas) {
  const auto csv = exported(ExportWhat::hosts, ExportFormat::csv);
  EXPECT_EQ(first_line(csv),
            "address,port,name,status,error,build,product,release,cu,first_seen,last_seen,sightings,run,vulnerable,"
            "april-2021,april-2021_install,april-2021_upgrade_to,proxylogon,proxylogon_install,proxylogon_upgrade_to");
  EXPECT_NE(csv.find("\n10.0.0.1,443,,exchange,,15.1.2176.2,Exchange 2016,Exchange 2016 CU19,Exchange 2016 CU19,"
                     "2021-03-05T10:00:00Z,2021-04-20T10:00:00Z,2,"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",april-2021;proxylogon,su-missing,15.1.2176.14,,su-missing,15.1.2176.14,\n"), std::string::npos);
  // The name a spreadsheet would run as a formula is text: a leading apostrophe.
  EXPECT_NE(csv.find("\n10.0.0.2,443,'=cmd|' /C calc'!A0,exchange,"), std::string::npos) << csv;
}

TEST_F(ExportTest, FindingsAreTheStoredRecordsWithTheRunThatFoundThem) {
  const auto findings = lines(exported(ExportWhat::findings, ExportFormat::jsonl));
  ASSERT_EQ(findings.size(), 2U);
  EXPECT_EQ(findings[0]["type"], "finding");
  EXPECT_EQ(findings[0]["subject"], kHostilePath);
  EXPECT_EQ(findings[0]["evidence"]["excerpt"], kHostileName + " \"quoted\"\nsecond line");
  EXPECT_EQ(findings[0]["run"]["started"], "2021-03-06T09:00:00Z");
  EXPECT_FALSE(findings[0]["run"]["id"].get<std::string>().empty());
  EXPECT_EQ(findings[1]["evidence"]["fields"]["UrlStem"], kHostileRequest);
  // Hunts outside the period are left out.
  EXPECT_TRUE(lines(exported(ExportWhat::findings, ExportFormat::jsonl, {"2021-03-07", ""})).empty());
}

TEST_F(ExportTest, FindingsCsvQuotesLineBreaksAndQuotesAndDefusesFormulas) {
  const auto csv = exported(ExportWhat::findings, ExportFormat::csv);
  EXPECT_EQ(first_line(csv),
            "run,run_started,id,kind,rule,title,severity,confidence,host_address,host_name,subject,file,line,excerpt,"
            "event_time,observed_time,sha256,cves");
  EXPECT_NE(csv.find(",\"srv/aspnet_client/it's\\\"\"odd\"\"\nname.aspx\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"'=cmd|' /C calc'!A0 \"\"quoted\"\"\nsecond line\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'-2+3,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",7,"), std::string::npos);
  EXPECT_NE(
      csv.find(",2021-03-03T04:57:08.123456Z,2021-03-06T09:00:00.5Z," + std::string(64, 'a') + ",CVE-2021-26855\n"),
      std::string::npos)
      << csv;
}

TEST_F(ExportTest, TheSameStoreExportsTheSameBytes) {
  for (auto what : {ExportWhat::hosts, ExportWhat::findings})
    for (auto format : {ExportFormat::jsonl, ExportFormat::csv, ExportFormat::stix}) {
      const auto once = exported(what, format);
      EXPECT_FALSE(once.empty());
      EXPECT_EQ(once, exported(what, format));
    }
}

TEST_F(ExportTest, AnEmptyPeriodIsAHeaderOnly) {
  EXPECT_EQ(exported(ExportWhat::findings, ExportFormat::csv, {"2030-01-01", ""}),
            "run,run_started,id,kind,rule,title,severity,confidence,host_address,host_name,subject,file,line,excerpt,"
            "event_time,observed_time,sha256,cves\n");
  EXPECT_EQ(exported(ExportWhat::hosts, ExportFormat::csv, {"2030-01-01", ""}),
            "address,port,name,status,error,build,product,release,cu,first_seen,last_seen,sightings,run,vulnerable\n");
}

}  // namespace
}  // namespace exray::report::testing
