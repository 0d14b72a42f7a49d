// SPDX-License-Identifier: Apache-2.0
// The inventory over a period, from scans stored at known times (on SQLite and PostgreSQL).
#include "exray/inventory/inventory.hpp"

#include <fmt/format.h>

#include <map>

#include "store_fixture.hpp"

namespace exray::inventory::testing {
namespace {

using store::testing::StoreTest;

// A scanned Exchange host with its verdicts, as `exray scan --format jsonl` prints one.
std::string host(const std::string& address, const std::string& build, const std::string& release,
                 const std::map<std::string, std::string>& states) {
  std::string verdicts;
  for (const auto& [advisory, state] : states)
    verdicts +=
        fmt::format(R"({}{{"advisory":"{}","state":"{}","install":{{"build":"15.1.2176.14"}},"upgrade_to":null}})",
                    verdicts.empty() ? "" : ",", advisory, state);
  return fmt::format(
      R"({{"type":"host","address":"{}","port":443,"name":null,"status":"exchange","error":null,"build":"{}",)"
      R"("release":{{"name":"{}","product":"Exchange 2016","update":"{}"}},"verdicts":[{}]}})",
      address, build, release, release.ends_with("SU") ? release.substr(release.rfind(' ') + 1) : "", verdicts);
}

class InventoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto s = store::Store::open(url_);
    ASSERT_TRUE(s) << s.error().to_string();
    // 5 March: A lacks the ProxyLogon update, B has it but not April's.
    scan(*s, "2021-03-05T10:00:00Z",
         {host("10.0.0.1", "15.1.2176.2", "Exchange 2016 CU19",
               {{"proxylogon", "su-missing"}, {"april-2021", "su-missing"}}),
          host("10.0.0.2", "15.1.2176.9", "Exchange 2016 CU19 Mar21SU",
               {{"proxylogon", "patched"}, {"april-2021", "su-missing"}})});
    // 20 April: A unchanged, B patched for April, C seen for the first time.
    scan(*s, "2021-04-20T10:00:00Z",
         {host("10.0.0.1", "15.1.2176.2", "Exchange 2016 CU19",
               {{"proxylogon", "su-missing"}, {"april-2021", "su-missing"}}),
          host("10.0.0.2", "15.1.2176.12", "Exchange 2016 CU19 Apr21SU",
               {{"proxylogon", "patched"}, {"april-2021", "patched"}}),
          host("10.0.0.3", "15.1.2176.12", "Exchange 2016 CU19 Apr21SU",
               {{"proxylogon", "patched"}, {"april-2021", "patched"}})});
    store_.emplace(std::move(*s));
  }

  static void scan(store::Store& s, const std::string& at, const std::vector<std::string>& records) {
    auto run = s.begin_run("scan", "test", at);
    ASSERT_TRUE(run) << run.error().to_string();
    for (const auto& r : records) ASSERT_TRUE(run->add(r)) << r;
    ASSERT_TRUE(run->finish());
  }

  Report report(const Period& p) {
    auto r = build_report(*store_, p);
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? *r : Report{};
  }

  std::optional<store::Store> store_;
};

TEST_F(InventoryTest, TheWholeHistoryShowsWhatChangedAndWhatStayedOpenSinceFirstSeen) {
  const auto r = report({});
  EXPECT_EQ(r.runs.size(), 2U);
  EXPECT_EQ(r.hosts, 3U);
  EXPECT_EQ(r.exchange, 3U);
  EXPECT_EQ(r.newly_seen.size(), 3U);

  ASSERT_EQ(r.changes.size(), 1U);
  EXPECT_EQ(r.changes[0].host.address, "10.0.0.2");
  EXPECT_EQ(r.changes[0].from_build, "15.1.2176.9");
  EXPECT_EQ(r.changes[0].to_build, "15.1.2176.12");
  EXPECT_EQ(r.changes[0].closed, std::vector<std::string>{"april-2021"});
  EXPECT_TRUE(r.changes[0].opened.empty());

  // A has been open to both since the first scan: the "third alert" view.
  ASSERT_EQ(r.still_open.size(), 2U);
  for (const auto& o : r.still_open) {
    EXPECT_EQ(o.host.address, "10.0.0.1");
    EXPECT_EQ(o.since, "2021-03-05T10:00:00Z");
    EXPECT_EQ(o.scans, 2U);
    EXPECT_EQ(o.install, "15.1.2176.14");
  }
  ASSERT_EQ(r.advisories.size(), 2U);
  EXPECT_EQ(r.advisories[0].advisory, "april-2021");
  EXPECT_EQ(r.advisories[0].vulnerable, 1U);
  EXPECT_EQ(r.advisories[0].patched, 2U);
  ASSERT_EQ(r.releases.size(), 1U) << "both updates of CU19 count as the one CU";
  EXPECT_EQ(r.releases[0].cu, "Exchange 2016 CU19");
  EXPECT_EQ(r.releases[0].hosts, 3U);
  EXPECT_EQ(r.releases[0].vulnerable, 1U);
}

TEST_F(InventoryTest, APeriodCountsItsOwnRunsButComparesWithTheSightingBeforeIt) {
  const auto april = report({"2021-04-01", ""});
  EXPECT_EQ(april.runs.size(), 1U);
  EXPECT_EQ(april.hosts, 3U);
  ASSERT_EQ(april.newly_seen.size(), 1U);
  EXPECT_EQ(april.newly_seen[0].address, "10.0.0.3");
  ASSERT_EQ(april.changes.size(), 1U) << "B's March sighting is what April's is compared with";

  const auto march = report({"", "2021-03-05"});  // a date bound covers the whole day
  EXPECT_EQ(march.runs.size(), 1U);
  EXPECT_EQ(march.hosts, 2U);
  EXPECT_TRUE(march.changes.empty());
  EXPECT_EQ(march.still_open.size(), 3U);

  const auto none = report({"2022-01-01", ""});
  EXPECT_TRUE(none.runs.empty());
  EXPECT_EQ(none.hosts, 0U);
}

// An address that never answered was not seen; it is new the first time it answers.
TEST_F(InventoryTest, NewlySeenMeansFirstAnsweredNotFirstTried) {
  const auto timed_out = [](const std::string& address) {
    return R"({"type":"host","address":")" + address +
           R"(","port":443,"name":null,"status":"error","error":"timeout","build":null,"release":null,"verdicts":[]})";
  };
  scan(*store_, "2021-05-02T10:00:00Z", {timed_out("10.0.0.20"), timed_out("10.0.0.21")});
  scan(*store_, "2021-06-02T10:00:00Z",
       {timed_out("10.0.0.20"), host("10.0.0.21", "15.1.2176.14", "Exchange 2016 CU19 May21SU", {})});
  const auto may = report({"2021-05-01", "2021-05-31"});
  EXPECT_TRUE(may.newly_seen.empty());
  const auto june = report({"2021-06-01", "2021-06-30"});
  ASSERT_EQ(june.newly_seen.size(), 1U);
  EXPECT_EQ(june.newly_seen[0].address, "10.0.0.21");
}

TEST_F(InventoryTest, TheTrendShowsEachScanAsItSawTheFleetOldestFirst) {
  // A hunt is no point of the trend; a web server that is not Exchange was reached, an address
  // that timed out was not.
  auto hunt = store_->begin_run("hunt", "test", "2021-05-01T09:00:00Z");
  ASSERT_TRUE(hunt);
  ASSERT_TRUE(hunt->finish());
  scan(*store_, "2021-05-02T10:00:00Z",
       {host("10.0.0.1", "15.1.2176.14", "Exchange 2016 CU19 May21SU",
             {{"proxylogon", "patched"}, {"april-2021", "patched"}}),
        R"({"type":"host","address":"10.0.0.9","port":443,"name":null,"status":"not-exchange","error":null,)"
        R"("build":null,"release":null,"verdicts":[]})",
        R"({"type":"host","address":"10.0.0.10","port":443,"name":null,"status":"error","error":"timeout",)"
        R"("build":null,"release":null,"verdicts":[]})"});

  const auto r = report({});
  ASSERT_EQ(r.runs.size(), 4U);
  ASSERT_EQ(r.trend.size(), 3U);
  EXPECT_EQ(r.trend[0].run, r.runs[0].id);
  EXPECT_EQ(r.trend[0].started, "2021-03-05T10:00:00Z");
  EXPECT_EQ(r.trend[1].started, "2021-04-20T10:00:00Z");
  EXPECT_EQ(r.trend[2].run, r.runs[3].id);
  EXPECT_EQ(r.trend[2].started, "2021-05-02T10:00:00Z");

  using Counts = std::map<std::string, std::uint64_t>;
  EXPECT_EQ(r.trend[0].reached, 2U);
  EXPECT_EQ(r.trend[0].exchange, 2U);
  EXPECT_EQ(r.trend[0].vulnerable, (Counts{{"april-2021", 2}, {"proxylogon", 1}}));
  // April as April saw it, not as May did: A was still open then.
  EXPECT_EQ(r.trend[1].reached, 3U);
  EXPECT_EQ(r.trend[1].exchange, 3U);
  EXPECT_EQ(r.trend[1].vulnerable, (Counts{{"april-2021", 1}, {"proxylogon", 1}}));
  EXPECT_EQ(r.trend[2].reached, 2U);
  EXPECT_EQ(r.trend[2].exchange, 1U);
  EXPECT_EQ(r.trend[2].vulnerable, (Counts{{"april-2021", 0}, {"proxylogon", 0}})) << "zero is a point too";

  const auto april = report({"2021-04-01", "2021-04-30"});
  ASSERT_EQ(april.trend.size(), 1U) << "only the period's scans";
  EXPECT_EQ(april.trend[0].started, "2021-04-20T10:00:00Z");
  EXPECT_TRUE(report({"2022-01-01", ""}).trend.empty());
}

}  // namespace
}  // namespace exray::inventory::testing
