// SPDX-License-Identifier: Apache-2.0
// A store holding two scans and a hunt at known times, with hostile text wherever a scanned host
// or a hunted file could put some (on SQLite, and on PostgreSQL under with_postgres.sh).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "exray/report/export.hpp"
#include "store_fixture.hpp"

namespace exray::report::testing {

using Json = nlohmann::ordered_json;

// A cell a spreadsheet would run, a quote, a line break, and STIX's own quote and escape.
inline const std::string kHostileName = "=cmd|' /C calc'!A0";
inline const std::string kHostilePath = "srv/aspnet_client/it's\\\"odd\"\nname.aspx";
inline const std::string kHostileRequest = "/ecp/y.js?x=1' OR '1'='1\\";

inline std::string host_record(const std::string& address, const std::string& name, const std::string& build,
                               const std::string& cu, const std::string& proxylogon, const std::string& april) {
  auto verdict = [](const char* advisory, const char* cve, const std::string& state) {
    return Json{{"advisory", advisory},
                {"cves", {cve}},
                {"state", state},
                {"install", {{"build", "15.1.2176.14"}}},
                {"upgrade_to", nullptr}};
  };
  return Json{{"schema", 1},
              {"type", "host"},
              {"address", address},
              {"port", 443},
              {"name", name.empty() ? Json(nullptr) : Json(name)},
              {"status", "exchange"},
              {"error", nullptr},
              {"build", build},
              {"release", {{"name", cu}, {"product", "Exchange 2016"}, {"update", ""}}},
              {"verdicts",
               {verdict("proxylogon", "CVE-2021-26855", proxylogon), verdict("april-2021", "CVE-2021-28480", april)}}}
      .dump();
}

inline std::string finding_record(const std::string& id, const std::string& rule, const std::string& kind,
                                  const std::string& subject, const Json& fields, const std::string& excerpt) {
  return Json{{"schema", 1},
              {"type", "finding"},
              {"id", id},
              {"kind", kind},
              {"rule", {{"id", rule}, {"title", "Title of " + rule}}},
              {"severity", "high"},
              {"confidence", "high"},
              {"host", {{"address", ""}, {"name", "EXCH01"}}},
              {"subject", subject},
              {"evidence", {{"file", subject}, {"line", 7}, {"offset", 70}, {"excerpt", excerpt}, {"fields", fields}}},
              {"time", {{"event", "2021-03-03T04:57:08.123456Z"}, {"observed", "2021-03-06T09:00:00.5Z"}}},
              {"cves", {"CVE-2021-26855"}},
              {"remediation", "Quarantine it."}}
      .dump();
}

class ExportTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto s = store::Store::open(url_);
    ASSERT_TRUE(s) << s.error().to_string();
    fill(*s);
    store_.emplace(std::move(*s));
  }

  static void fill(store::Store& s) {
    // 5 March: A open to both advisories, B (named by a hostile user list) patched for ProxyLogon.
    record(s, "scan", "2021-03-05T10:00:00Z",
           {host_record("10.0.0.1", "", "15.1.2176.2", "Exchange 2016 CU19", "su-missing", "su-missing"),
            host_record("10.0.0.2", kHostileName, "15.1.2176.9", "Exchange 2016 CU19", "patched", "su-missing")});
    // 6 March: a hunt of EXCH01 finds a web shell (with its hash) and the request that used it.
    const std::string sha = std::string(64, 'a');
    record(s, "hunt", "2021-03-06T09:00:00Z",
           {finding_record("00000000000000a1", "webshell-china-chopper", "webshell", kHostilePath,
                           Json{{"sha256", sha}, {"size", "40"}}, kHostileName + " \"quoted\"\nsecond line"),
            finding_record("00000000000000b2", "proxylogon-ssrf", "exploitation", "logs/HttpProxy.LOG",
                           Json{{"UrlStem", kHostileRequest}}, "-2+3")});
    // 20 April: A unchanged, B patched for April too, C seen for the first time.
    record(s, "scan", "2021-04-20T10:00:00Z",
           {host_record("10.0.0.1", "", "15.1.2176.2", "Exchange 2016 CU19", "su-missing", "su-missing"),
            host_record("10.0.0.2", kHostileName, "15.1.2176.12", "Exchange 2016 CU19", "patched", "patched"),
            host_record("10.0.0.3", "", "15.1.2176.12", "Exchange 2016 CU19", "patched", "patched")});
  }

  static void record(store::Store& s, const char* kind, const std::string& at, const std::vector<std::string>& lines) {
    auto run = s.begin_run(kind, "test", at);
    ASSERT_TRUE(run) << run.error().to_string();
    for (const auto& line : lines) ASSERT_TRUE(run->add(line)) << line;
    ASSERT_TRUE(run->finish());
  }

  std::string exported(ExportWhat what, ExportFormat format, inventory::Period period = {},
                       const std::string& organisation = {}) {
    std::ostringstream out;
    auto count = export_store(*store_, ExportOptions{what, format, std::move(period), organisation}, out);
    EXPECT_TRUE(count) << count.error().to_string();
    return out.str();
  }

  static std::vector<Json> lines(const std::string& jsonl) {
    std::vector<Json> out;
    std::istringstream in(jsonl);
    for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));
    return out;
  }

  std::optional<store::Store> store_;
};

}  // namespace exray::report::testing
