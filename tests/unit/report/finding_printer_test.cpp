// SPDX-License-Identifier: Apache-2.0
#include "exray/report/finding_printer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace exray::report {
namespace {

using namespace std::chrono;

Finding sample() {
  Finding f;
  f.kind = FindingKind::exploitation;
  f.rule = {"cve-2021-26855-ssrf", "ProxyLogon SSRF in HttpProxy log"};
  f.severity = Severity::high;
  f.confidence = Confidence::medium;
  f.host = {"10.0.0.5", "EXCH01"};
  f.subject = "/ecp/y.js";
  f.evidence = {"HttpProxy/Ecp/HttpProxy_2021030301-1.log",
                42,
                9001,
                "=ServerInfo~a]@x:444/autodiscover",
                {{"ClientIpAddress", "1.2.3.4"}, {"HttpStatus", "200"}}};
  f.event_time = TimePoint{sys_days{2021y / March / 3} + 2h};
  f.observed_time = TimePoint{sys_days{2026y / November / 23}};
  f.cves = {"CVE-2021-26855"};
  f.remediation = "Install the March 2021 security update";
  return f;
}

std::string print(Format format, const Finding& f, std::string* err_out = nullptr) {
  std::ostringstream out, err;
  auto printer = make_finding_printer(format, out, err);
  printer->on_finding(f);
  printer->on_error(Error{Errc::io_error, "Permission denied", {"secret.log"}});
  printer->finish();
  if (err_out != nullptr) *err_out = err.str();
  return out.str();
}

TEST(FindingPrinter, JsonLinesFollowsTheDocumentedSchema) {
  auto lines = print(Format::jsonl, sample());
  std::istringstream in(lines);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  auto j = nlohmann::json::parse(first);
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["type"], "finding");
  EXPECT_EQ(j["kind"], "exploitation");
  EXPECT_EQ(j["rule"]["id"], "cve-2021-26855-ssrf");
  EXPECT_EQ(j["evidence"]["line"], 42);
  EXPECT_EQ(j["evidence"]["fields"]["HttpStatus"], "200");
  EXPECT_EQ(j["time"]["event"], "2021-03-03T02:00:00Z");
  EXPECT_EQ(j["cves"][0], "CVE-2021-26855");
  EXPECT_EQ(j["id"].get<std::string>().size(), 16U);
  auto e = nlohmann::json::parse(second);
  EXPECT_EQ(e["type"], "error");
  EXPECT_EQ(e["code"], "io-error");
  EXPECT_EQ(e["source"], "secret.log");
}

TEST(FindingPrinter, InvalidUtf8InEvidenceStillGivesValidJson) {
  auto f = sample();
  f.evidence.excerpt = "\xff\xfe<%eval%>";
  auto line = print(Format::jsonl, f);
  auto j = nlohmann::json::parse(line.substr(0, line.find('\n')));
  EXPECT_NE(j["evidence"]["excerpt"].get<std::string>().find("<%eval%>"), std::string::npos);
}

TEST(FindingPrinter, CsvIsTheJsonOnFixedColumns) {
  auto csv = print(Format::csv, sample());
  std::istringstream in(csv);
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header,
            "id,kind,rule_id,rule_title,severity,confidence,host_address,host_name,subject,evidence_file,evidence_line,"
            "evidence_offset,evidence_excerpt,evidence_fields,time_event,time_observed,cves,remediation");
  EXPECT_NE(row.find(",exploitation,cve-2021-26855-ssrf,"), std::string::npos);
  EXPECT_NE(row.find(",'=ServerInfo~a]@x:444/autodiscover,"), std::string::npos) << "formula defused";
  EXPECT_NE(row.find(",ClientIpAddress=1.2.3.4;HttpStatus=200,"), std::string::npos);
  EXPECT_NE(row.find(",2021-03-03T02:00:00Z,2026-11-23T00:00:00Z,CVE-2021-26855,"), std::string::npos);
}

TEST(FindingPrinter, TextShowsWhatMattersAndErrorsGoToStderr) {
  std::string err;
  auto text = print(Format::text, sample(), &err);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "high     exploitation cve-2021-26855-ssrf: ProxyLogon SSRF in HttpProxy log");
  EXPECT_NE(text.find("EXCH01 (10.0.0.5)"), std::string::npos);
  EXPECT_NE(text.find("HttpProxy/Ecp/HttpProxy_2021030301-1.log:42 (byte 9001)"), std::string::npos);
  EXPECT_NE(text.find("HttpStatus"), std::string::npos);
  EXPECT_EQ(err, "exray: error: secret.log: Permission denied\n");
}

}  // namespace
}  // namespace exray::report
