// SPDX-License-Identifier: Apache-2.0
// The dashboard's requests end to end over a SQLite store, without a socket: methods, the token,
// the headers every answer carries, the pages' numbers and filters, and hostile data as text.
#include "exray/web/dashboard.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "exray/inventory/inventory.hpp"
#include "exray/store/store.hpp"

namespace exray::web {
namespace {

namespace fs = std::filesystem;

const std::string kHostile = R"(<script>document.title='XSS'</script>"><img src=x onerror=alert(1)>')";
constexpr std::string_view kToken = "0123456789abcdef0123";

// JSON string quoting for the few characters our hostile text holds.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return out + "\"";
}

// A scanned Exchange host with its verdicts, as `exray scan --format jsonl` prints one.
std::string host(const std::string& address, const std::string& name, const std::string& build,
                 const std::string& release, const std::map<std::string, std::string>& states) {
  std::string verdicts;
  for (const auto& [advisory, state] : states)
    verdicts += fmt::format(R"({}{{"advisory":"{}","state":"{}","install":{{"build":"15.1.2176.14"}}}})",
                            verdicts.empty() ? "" : ",", advisory, state);
  return fmt::format(
      R"({{"type":"host","address":"{}","port":443,"name":{},"status":"exchange","error":null,"build":"{}",)"
      R"("release":{{"name":"{}","product":"Exchange 2016","update":"{}"}},"verdicts":[{}]}})",
      address, name.empty() ? "null" : quoted(name), build, release,
      release.ends_with("SU") ? release.substr(release.rfind(' ') + 1) : "", verdicts);
}

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per process and test: ctest runs the tests side by side.
    dir_ = fs::temp_directory_path() / fmt::format("exray-dashboard-test-{}-{}", ::getpid(),
                                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "store.db").string();
    auto store = store::Store::open(url_);
    ASSERT_TRUE(store) << store.error().to_string();
    scan(*store, "2021-03-05T10:00:00Z",
         {host("10.0.0.1", "", "15.1.2176.2", "Exchange 2016 CU19", {{"proxylogon", "su-missing"}}),
          host("10.0.0.2", kHostile, "15.1.2176.9", "Exchange 2016 CU19 Mar21SU", {{"proxylogon", "patched"}})});
    scan(*store, "2021-04-20T10:00:00Z",
         {host("10.0.0.1", "", "15.1.2176.2", "Exchange 2016 CU19", {{"proxylogon", "su-missing"}}),
          host("10.0.0.2", kHostile, "15.1.2176.12", "Exchange 2016 CU19 Apr21SU", {{"proxylogon", "patched"}}),
          host("10.0.0.3", "", "15.2.986.5", "Exchange 2019 CU12", {{"proxylogon", "unknown"}})});
    auto hunt = store->begin_run("hunt", "test", "2021-04-21T10:00:00Z");
    ASSERT_TRUE(hunt);
    ASSERT_TRUE(hunt->add(fmt::format(
        R"({{"type":"finding","id":"00000000000000a1","kind":"webshell","rule":{{"id":"webshell.chopper"}},)"
        R"("severity":"critical","subject":{},"host":{{"name":"10.0.0.1"}}}})",
        quoted("C:/inetpub/" + kHostile + ".aspx"))));
    ASSERT_TRUE(hunt->finish());
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void scan(store::Store& s, const std::string& at, const std::vector<std::string>& records) {
    auto run = s.begin_run("scan", "test", at);
    ASSERT_TRUE(run) << run.error().to_string();
    for (const auto& r : records) ASSERT_TRUE(run->add(r)) << r;
    ASSERT_TRUE(run->finish());
  }

  Response get(std::string_view target, std::string_view authorization = {}, std::string_view cookie = {},
               std::string_view method = "GET") const {
    return handle(DashboardOptions{url_, token_}, Request{method, target, authorization, cookie, "127.0.0.1:8080"});
  }

  static std::string header(const Response& r, std::string_view name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return {};
  }

  fs::path dir_;
  std::string url_, token_;
};

// The hostile text's elements never appear as markup, and its quotes never close an attribute.
void expect_no_live_markup(const std::string& page) {
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("document.title='"), std::string::npos);
  EXPECT_EQ(page.find("\"><img"), std::string::npos);
}

TEST_F(DashboardTest, EveryPageAnswersWithTheStoreAndHostileDataStaysText) {
  for (const auto* target :
       {"/", "/hosts", "/hosts?sort=build&dir=desc", "/hosts/detail?address=10.0.0.2&port=443", "/findings", "/runs"}) {
    SCOPED_TRACE(target);
    const auto r = get(target);
    EXPECT_EQ(r.status, 200U);
    expect_no_live_markup(r.body);
  }
  EXPECT_NE(get("/hosts").body.find("&lt;script&gt;document.title=&#39;XSS&#39;&lt;/script&gt;&quot;&gt;&lt;img"),
            std::string::npos)
      << "the hostile name is shown, as text";
  EXPECT_NE(get("/findings").body.find("C:/inetpub/&lt;script&gt;"), std::string::npos);
}

TEST_F(DashboardTest, TheOverviewShowsTheReportsNumbers) {
  auto store = store::Store::open_read_only(url_);
  ASSERT_TRUE(store) << store.error().to_string();
  const auto report = inventory::build_report(*store, {});
  ASSERT_TRUE(report);
  const auto page = get("/").body;
  EXPECT_NE(page.find(fmt::format(R"(<span class="n">{}</span><span class="l">hosts seen</span>)", report->hosts)),
            std::string::npos);
  EXPECT_NE(
      page.find(fmt::format(R"(<span class="n">{}</span><span class="l">Exchange servers exposed)", report->exchange)),
      std::string::npos);
  ASSERT_EQ(report->advisories.size(), 1U);
  EXPECT_NE(page.find(R"(<span class="n">1</span><span class="l">proxylogon</span>)"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos) << "the charts are drawn";
}

TEST_F(DashboardTest, TheHostsFiltersSelectAndSort) {
  EXPECT_NE(get("/hosts").body.find(R"(<span id="shown">3</span> of <span id="total">3</span>)"), std::string::npos);
  const auto vulnerable = get("/hosts?state=vulnerable").body;
  EXPECT_NE(vulnerable.find(R"(<span id="shown">1</span>)"), std::string::npos);
  EXPECT_NE(vulnerable.find("10.0.0.1:443"), std::string::npos);
  EXPECT_EQ(vulnerable.find("10.0.0.3:443"), std::string::npos);
  EXPECT_NE(get("/hosts?cu=Exchange+2019+CU12").body.find(R"(<span id="shown">1</span>)"), std::string::npos);
  EXPECT_NE(get("/hosts?q=2176").body.find(R"(<span id="shown">2</span>)"), std::string::npos);
  const auto by_build = get("/hosts?sort=build&dir=desc").body;
  EXPECT_LT(by_build.find("10.0.0.3:443"), by_build.find("10.0.0.1:443")) << "15.2 sorts after 15.1, reversed";
}

TEST_F(DashboardTest, AHostsPageListsEverySightingAndItsFindings) {
  const auto page = get("/hosts/detail?address=10.0.0.1&port=443").body;
  EXPECT_NE(page.find("Sightings of 10.0.0.1:443: 2"), std::string::npos);
  EXPECT_NE(page.find("webshell.chopper"), std::string::npos);
  EXPECT_EQ(get("/hosts/detail?address=10.9.9.9&port=443").status, 404U);
  EXPECT_EQ(get("/hosts/detail?address=10.0.0.1&port=x").status, 404U);
}

TEST_F(DashboardTest, FindingsFilterBySeverityAndRunsMarkTheUnfinished) {
  EXPECT_NE(get("/findings?severity=critical").body.find("Hunt findings: 1 on 1 host(s)"), std::string::npos);
  EXPECT_NE(get("/findings?severity=low").body.find("Hunt findings: 0 on 0 host(s)"), std::string::npos);
  {
    auto store = store::Store::open(url_);
    ASSERT_TRUE(store);
    auto killed = store->begin_run("scan", "killed", "2021-04-22T10:00:00Z");
    ASSERT_TRUE(killed);
    ASSERT_TRUE(killed->flush());
  }  // never finished: the run stays "running"
  const auto runs = get("/runs").body;
  EXPECT_NE(runs.find("4 runs; 1 incomplete"), std::string::npos) << "a new run shows on the next request";
  EXPECT_NE(runs.find("<td>incomplete</td>"), std::string::npos);
}

TEST_F(DashboardTest, OnlyGetAndHeadAndKnownPaths) {
  const auto post = get("/", {}, {}, "POST");
  EXPECT_EQ(post.status, 405U);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
  EXPECT_EQ(get("/", {}, {}, "HEAD").status, 200U);
  EXPECT_EQ(get("/nope").status, 404U);
  EXPECT_EQ(get("/hosts/../etc").status, 404U);
  EXPECT_EQ(get("no-slash").status, 400U);
}

TEST_F(DashboardTest, EveryAnswerForbidsScriptFramingAndSniffing) {
  std::map<std::string, std::string> required;
  for (const auto& [name, value] : response_headers()) required.emplace(name, value);
  EXPECT_EQ(required["Content-Security-Policy"].substr(0, 20), "default-src 'none'; ");
  EXPECT_EQ(required["Content-Security-Policy"].find("script-src"), std::string::npos);
  EXPECT_EQ(required["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(required["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(required["X-Frame-Options"], "DENY");
}

// DNS rebinding: a hostile page's own name, pointed at 127.0.0.1, must not read the dashboard.
TEST_F(DashboardTest, WithoutATokenOnlyALoopbackHostIsServed) {
  const DashboardOptions open{url_, ""};
  for (const auto* host : {"evil.example", "evil.example:8080", "127.0.0.1.evil.example", "10.0.0.1:8080", ""}) {
    const auto r = handle(open, Request{"GET", "/hosts", {}, {}, host});
    EXPECT_EQ(r.status, 421U) << host;
    EXPECT_EQ(r.body.find("10.0.0.1"), std::string::npos) << host;
  }
  for (const auto* host : {"127.0.0.1:8080", "localhost", "LocalHost:80", "[::1]:8080", "127.9.0.2"})
    EXPECT_EQ(handle(open, Request{"GET", "/hosts", {}, {}, host}).status, 200U) << host;
  EXPECT_FALSE(names_loopback("[::1"));
  EXPECT_FALSE(names_loopback("127.0.0.1x"));
}

TEST_F(DashboardTest, WithATokenNothingIsShownWithoutIt) {
  token_ = kToken;
  for (const auto* target : {"/", "/hosts", "/hosts/detail?address=10.0.0.1&port=443", "/findings", "/runs", "/nope"}) {
    SCOPED_TRACE(target);
    const auto r = get(target);
    EXPECT_EQ(r.status, 401U);
    EXPECT_EQ(r.body.find("10.0.0."), std::string::npos) << "no data in a refusal";
    EXPECT_EQ(get(target, "Bearer 0123456789abcdef0124").status, 401U);
    EXPECT_EQ(get(target, {}, "exray_token=wrong").status, 401U);
  }
  EXPECT_EQ(get("/hosts", "Bearer 0123456789abcdef0123").status, 200U);
  EXPECT_EQ(get("/hosts", {}, "exray_token=0123456789abcdef0123").status, 200U);

  EXPECT_EQ(get("/?token=0123456789abcdef0124").status, 401U);
  const auto login = get("/?token=0123456789abcdef0123");
  EXPECT_EQ(login.status, 303U);
  EXPECT_EQ(header(login, "Location"), "/") << "the token leaves the address bar";
  EXPECT_EQ(header(login, "Set-Cookie"), "exray_token=0123456789abcdef0123; Path=/; HttpOnly; SameSite=Strict");
}

TEST_F(DashboardTest, AStoreThatCannotBeReadIsAnErrorPageNotACrash) {
  url_ = "sqlite:" + (dir_ / "missing.db").string();
  const auto r = get("/");
  EXPECT_EQ(r.status, 500U);
  EXPECT_FALSE(fs::exists(dir_ / "missing.db")) << "the dashboard never creates a store";
}

}  // namespace
}  // namespace exray::web
