// SPDX-License-Identifier: Apache-2.0
// The store, on SQLite and (under tests/store/with_postgres.sh) on PostgreSQL: the same tests.
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "store_fixture.hpp"

namespace exray::store::testing {
namespace {

// A host record as `exray scan --format jsonl` prints it (the keys the store reads, and more).
std::string host(int n, const std::string& build = "15.1.2176.9") {
  return fmt::format(
      R"({{"schema":1,"type":"host","address":"127.0.{}.{}","port":443,"name":null,"status":"exchange","error":null,)"
      R"("build":"{}","build_source":"x-owa-version","precision":"exact",)"
      R"("release":{{"build":"{}","name":"Exchange 2016 CU19 Mar21SU","product":"Exchange 2016","update":"Mar21SU"}},)"
      R"("verdicts":[{{"advisory":"proxylogon","state":"patched","install":null,"upgrade_to":null}},)"
      R"({{"advisory":"april-2021","state":"su-missing","install":{{"build":"15.1.2176.12"}},"upgrade_to":null}}],)"
      R"("probes":{{}},"server":"EXCH{}","tls_names":["mail.example"],"errors":[],"requests":2,"elapsed_ms":3}})",
      n / 256, n % 256, build, build, n);
}

std::string finding(const std::string& id, const std::string& subject) {
  nlohmann::ordered_json j{{"schema", 1},
                           {"type", "finding"},
                           {"id", id},
                           {"kind", "webshell"},
                           {"rule", {{"id", "webshell-test"}, {"title", "t"}}},
                           {"severity", "critical"},
                           {"host", {{"address", ""}, {"name", "EXCH01"}}},
                           {"subject", subject},
                           {"time", {{"event", nullptr}, {"observed", "2021-03-04T05:06:07Z"}}}};
  return j.dump();
}

TEST_F(StoreTest, OpeningCreatesTheSchemaOnceAndReopeningChangesNothing) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().to_string();
  EXPECT_EQ(store->schema_version(), 2);
  EXPECT_EQ(store->backend(), postgres() ? "postgresql" : "sqlite");
  auto again = Store::open(url_);
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->schema_version(), 2);
  EXPECT_TRUE(again->runs()->empty());
}

TEST_F(StoreTest, AScanKeepsEveryHostItsVerdictsAndIsMarkedComplete) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().to_string();
  auto run = store->begin_run("scan", "exray scan 127.0.0.0/20");
  ASSERT_TRUE(run) << run.error().to_string();
  ASSERT_TRUE(run->add(R"({"schema":1,"type":"run","command":"scan"})"));  // not kept, not an error
  const int hosts = 2 * static_cast<int>(RunWriter::kBatch) + 17;          // three batches
  for (int i = 0; i < hosts; ++i) ASSERT_TRUE(run->add(host(i)));
  ASSERT_TRUE(run->finish());

  auto runs = store->runs();
  ASSERT_TRUE(runs) << runs.error().to_string();
  ASSERT_EQ(runs->size(), 1U);
  EXPECT_EQ((*runs)[0].status, "complete");
  EXPECT_EQ((*runs)[0].kind, "scan");
  EXPECT_EQ((*runs)[0].hosts, static_cast<std::uint64_t>(hosts));
  EXPECT_FALSE((*runs)[0].finished.empty());

  auto seen = store->observations();
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->size(), static_cast<std::size_t>(hosts));
  const auto& first = seen->front();
  EXPECT_EQ(first.address, "127.0.0.0");
  EXPECT_EQ(first.port, 443);
  EXPECT_EQ(first.build, "15.1.2176.9");
  EXPECT_EQ(first.product, "Exchange 2016");
  EXPECT_EQ(first.release, "Exchange 2016 CU19 Mar21SU");
  EXPECT_EQ(first.cu, "Exchange 2016 CU19");
  EXPECT_EQ(first.run, (*runs)[0].id);
  EXPECT_EQ(first.record, host(0)) << "the record is kept as printed, key order included";

  auto verdicts = store->verdicts((*runs)[0].id);
  ASSERT_TRUE(verdicts);
  ASSERT_EQ(verdicts->size(), static_cast<std::size_t>(2 * hosts));
  EXPECT_EQ((*verdicts)[0].advisory, "april-2021");
  EXPECT_EQ((*verdicts)[0].state, "su-missing");
  EXPECT_EQ((*verdicts)[0].install, "15.1.2176.12");
}

// A scan killed mid-way: the whole batches it wrote are there, and the run says it never ended.
TEST_F(StoreTest, AKilledRunKeepsItsWholeBatchesAndStaysIncomplete) {
  ASSERT_TRUE(Store::open(url_));
  const pid_t pid = ::fork();
  if (pid == 0) {
    auto store = Store::open(url_);
    if (!store) ::_exit(3);
    auto run = store->begin_run("scan", "killed");
    if (!run) ::_exit(4);
    for (int i = 0; i < static_cast<int>(RunWriter::kBatch) * 2 + 500; ++i)
      if (!run->add(host(i))) ::_exit(5);
    ::kill(::getpid(), SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);

  auto store = Store::open(url_);
  ASSERT_TRUE(store) << store.error().to_string();
  auto runs = store->runs();
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 1U);
  EXPECT_EQ((*runs)[0].status, "running");
  EXPECT_TRUE((*runs)[0].finished.empty());
  EXPECT_EQ((*runs)[0].hosts, 2 * RunWriter::kBatch);
  EXPECT_EQ(store->verdicts((*runs)[0].id)->size(), 4 * RunWriter::kBatch);
}

TEST_F(StoreTest, HostileTextIsStoredAndReadBackExactlyAndDamagedRecordsAreRefused) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store);
  auto run = store->begin_run("hunt", "exray hunt '; DROP TABLE runs; --");
  ASSERT_TRUE(run);
  const std::string hostile =
      R"(C:\inetpub\<script>alert(1)</script>\"><img src=x onerror=alert(2)>'; DROP TABLE runs; --)";
  ASSERT_TRUE(run->add(finding("00000000000000a1", hostile)));
  ASSERT_TRUE(run->add(finding("00000000000000a2", std::string("nul\0byte ü", 11))));
  EXPECT_FALSE(run->add("{not json"));
  EXPECT_FALSE(run->add(std::string("\x00\xff\xfe", 3)));
  EXPECT_FALSE(run->add(R"({"type":"host","address":"127.0.0.1"})")) << "a host without port and status";
  EXPECT_FALSE(run->add(R"({"type":"host","address":"127.0.0.1","port":70000,"status":"exchange"})"));
  EXPECT_FALSE(run->add(R"({"type":"finding","kind":"webshell"})")) << "a finding without id";
  ASSERT_TRUE(run->finish());

  auto found = store->findings();
  ASSERT_TRUE(found) << found.error().to_string();
  ASSERT_EQ(found->size(), 2U);
  EXPECT_EQ((*found)[0].subject, hostile);
  EXPECT_EQ((*found)[0].host, "EXCH01");
  EXPECT_EQ((*found)[0].rule, "webshell-test");
  EXPECT_EQ((*found)[0].time, "2021-03-04T05:06:07Z");
  EXPECT_EQ((*found)[0].record, finding("00000000000000a1", hostile));
  EXPECT_EQ((*found)[1].subject,
            "nul\xEF\xBF\xBD"
            "byte ü");
  EXPECT_EQ(store->runs()->size(), 1U);
}

TEST_F(StoreTest, TwoWritersAtOnceBothComplete) {
  ASSERT_TRUE(Store::open(url_));
  auto write = [this](int offset, bool& ok) {
    auto store = Store::open(url_);
    if (!store) return;
    auto run = store->begin_run("scan", "parallel");
    if (!run) return;
    for (int i = 0; i < 1500; ++i)
      if (!run->add(host(offset + i))) return;
    ok = bool(run->finish());
  };
  bool a = false, b = false;
  std::thread one(write, 0, std::ref(a)), two(write, 5000, std::ref(b));
  one.join();
  two.join();
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  auto store = Store::open(url_);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->observations()->size(), 3000U);
}

TEST_F(StoreTest, AStoreFromANewerExrayIsRefusedUntouched) {
  ASSERT_TRUE(Store::open(url_));
  ASSERT_TRUE(raw_exec("UPDATE exray_schema SET version = 99"));
  auto store = Store::open(url_);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("schema version 99"), std::string::npos) << store.error().message;
}

// The dashboard's way in: it reads what is there and can change nothing, not even the schema.
TEST_F(StoreTest, AReadOnlyStoreNeverCreatesMigratesOrWrites) {
  auto before = Store::open_read_only(url_);
  ASSERT_FALSE(before) << "nothing there yet: no file, or no schema";
  if (!postgres()) {
    EXPECT_FALSE(std::filesystem::exists(url_.substr(7))) << "the file was created";
  }

  {
    auto store = Store::open(url_);
    ASSERT_TRUE(store);
    auto run = store->begin_run("scan", "test");
    ASSERT_TRUE(run);
    ASSERT_TRUE(run->finish());
  }
  auto reader = Store::open_read_only(url_);
  ASSERT_TRUE(reader) << reader.error().to_string();
  EXPECT_EQ(reader->runs()->size(), 1U);
  EXPECT_FALSE(reader->begin_run("scan", "a write")) << "the connection took a write";
  EXPECT_FALSE(reader->record_notices({NoticeRow{"owner", "10.0.0.1", 443, "", "open", "2021-01-01T00:00:00Z"}}));
  EXPECT_EQ(Store::open(url_)->runs()->size(), 1U);

  ASSERT_TRUE(raw_exec("UPDATE exray_schema SET version = 1"));
  auto old = Store::open_read_only(url_);
  ASSERT_FALSE(old);
  EXPECT_NE(old.error().message.find("older"), std::string::npos) << old.error().message;
}

TEST_F(StoreTest, ANoticeReplacesWhatTheOwnerWasLastToldAboutAHost) {
  auto store = Store::open(url_);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->record_notices({{"Org A", "127.0.0.1", 443, "", "15.1.2176.2 proxylogon", "2021-03-05T00:00:00Z"},
                                     {"Org A", "127.0.0.2", 443, "", "15.1.2176.9", "2021-03-05T00:00:00Z"}}));
  ASSERT_TRUE(store->record_notices({{"Org A", "127.0.0.1", 443, "", "15.1.2176.12", "2021-04-20T00:00:00Z"}}));
  auto rows = store->notices();
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0].state, "15.1.2176.12");
  EXPECT_EQ((*rows)[0].sent, "2021-04-20T00:00:00Z");
  EXPECT_EQ((*rows)[1].state, "15.1.2176.9");
}

TEST(StoreLocation, SqliteIsTheDefaultAndOtherSchemesAreRefused) {
  EXPECT_EQ(parse_location("fleet.db")->kind, Location::Kind::sqlite);
  EXPECT_EQ(parse_location("sqlite:/var/lib/exray/fleet.db")->target, "/var/lib/exray/fleet.db");
  EXPECT_EQ(parse_location("postgresql://exray@db/exray")->kind, Location::Kind::postgresql);
  EXPECT_EQ(parse_location("postgres://exray@db/exray")->target, "postgres://exray@db/exray");
  EXPECT_FALSE(parse_location("mysql://db/exray"));
  EXPECT_FALSE(parse_location("sqlite:"));
  EXPECT_FALSE(parse_location(""));
}

TEST(StoreOpen, AFileThatIsNotAStoreAndAnUnreachableServerAreClearErrors) {
  exray::testing::ScratchDir scratch("store");
  const auto path = scratch / "not-a-db";
  std::ofstream(path) << std::string(4096, 'x');
  auto bad = Store::open("sqlite:" + path.string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("SQLite"), std::string::npos) << bad.error().message;
  auto unreachable = Store::open("postgresql:///exray?host=" + (scratch / "no-server").string());
  ASSERT_FALSE(unreachable);
  EXPECT_NE(unreachable.error().message.find("cannot connect to PostgreSQL"), std::string::npos);
}

}  // namespace
}  // namespace exray::store::testing
