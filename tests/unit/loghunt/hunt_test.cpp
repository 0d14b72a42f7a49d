// SPDX-License-Identifier: Apache-2.0
// Whole hunts: the generated evidence tree against its ground truth, and hostile files.
#include "collecting_sink.hpp"
#include "exray/loghunt/hunter.hpp"
#include "scratch_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "exray/loghunt/builtin_rules.hpp"

namespace exray::loghunt {
namespace {

namespace fs = std::filesystem;

using Collect = exray::testing::CollectingSink;

const RuleSet& rules() {
  static const RuleSet set = *builtin_rule_set();
  return set;
}

using Hit = std::tuple<std::string, std::string, std::uint64_t>;  // rule, file relative to root, line

class GeneratedTree : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new exray::testing::ScratchDir("tree");
    dir_ = scratch_->path();
    const auto command = fmt::format("'{}' --out '{}' --size 12M --seed 11 --attacks 60 --gzip 2>/dev/null",
                                     EXRAY_LOG_GENERATOR, dir_.string());
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(dir_ / "ground-truth.jsonl");
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line);
      truth_.emplace(j["rule"].get<std::string>(), j["file"].get<std::string>(), j["line"].get<std::uint64_t>());
    }
  }
  static void TearDownTestSuite() {
    delete scratch_;
  }

  static std::set<Hit> run(unsigned threads, SearchLimits limits, Collect& sink) {
    HuntOptions options;
    options.threads = threads;
    options.limits = limits;
    const std::vector<std::string> roots{dir_.string()};
    auto summary = hunt(rules(), roots, options, sink);
    EXPECT_TRUE(summary);
    std::set<Hit> hits;
    for (const auto& f : sink.findings)
      hits.emplace(f.rule.id, fs::path(f.evidence.file).lexically_relative(dir_).generic_string(), f.evidence.line);
    return hits;
  }

  static inline exray::testing::ScratchDir* scratch_ = nullptr;
  static inline fs::path dir_;
  static inline std::set<Hit> truth_;
};

TEST_F(GeneratedTree, GroundTruthHasEveryKindOfAttack) {
  std::set<std::string> kinds;
  for (const auto& [rule, file, line] : truth_) kinds.insert(rule);
  EXPECT_GE(kinds.size(), 10U);
}

TEST_F(GeneratedTree, OneThreadDefaultBuffersFindExactlyTheGroundTruth) {
  Collect sink;
  EXPECT_EQ(run(1, {}, sink), truth_);
  EXPECT_TRUE(sink.errors.empty()) << sink.errors.front().to_string();
}

TEST_F(GeneratedTree, ManyThreadsTinyBuffersFindExactlyTheGroundTruth) {
  Collect sink;
  EXPECT_EQ(run(4, SearchLimits{64, 16U << 20}, sink), truth_);
  EXPECT_TRUE(sink.errors.empty());
}

TEST_F(GeneratedTree, OutputOrderDoesNotDependOnThreads) {
  Collect one, many;
  run(1, {}, one);
  run(3, SearchLimits{4096, 16U << 20}, many);
  ASSERT_EQ(one.findings.size(), many.findings.size());
  for (std::size_t i = 0; i < one.findings.size(); ++i) {
    EXPECT_EQ(one.findings[i].evidence.file, many.findings[i].evidence.file);
    EXPECT_EQ(one.findings[i].evidence.line, many.findings[i].evidence.line);
  }
}

// The README's demo folder: another seed, and a real event log beside the generated logs.
TEST(DemoEvidence, FindingsAreExactlyItsGroundTruth) {
  const fs::path demo = fs::path(EXRAY_SOURCE_DIR) / "demo" / "evidence";
  std::set<Hit> truth;
  std::ifstream in(demo / "ground-truth.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    truth.emplace(j["rule"].get<std::string>(), j["file"].get<std::string>(), j["line"].get<std::uint64_t>());
  }
  ASSERT_GE(truth.size(), 20U);
  Collect sink;
  const std::vector<std::string> roots{(demo / "EXCH01").string()};
  auto summary = hunt(rules(), roots, HuntOptions{}, sink);
  ASSERT_TRUE(summary);
  std::set<Hit> hits;
  for (const auto& f : sink.findings)
    hits.emplace(f.rule.id, fs::path(f.evidence.file).lexically_relative(demo / "EXCH01").generic_string(),
                 f.evidence.line);
  EXPECT_EQ(hits, truth);
  EXPECT_TRUE(sink.errors.empty());
  EXPECT_EQ(summary->logs_by_type[static_cast<std::size_t>(LogType::evtx)], 1U);
  // A timeline orders findings by when they happened: every log line here says when.
  for (const auto& f : sink.findings)
    if (f.evidence.line > 0) {
      EXPECT_TRUE(f.event_time) << f.rule.id << " at " << f.evidence.file;
    }
}

void write(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

const std::string kHttpProxyHeader = "DateTime,RequestId,AnchorMailbox,HttpStatus\n#Software: Microsoft Exchange Server\n";

TEST(HostileFiles, EachBadFileIsReportedAndTheHuntGoesOn) {
  const exray::testing::ScratchDir scratch("hostile");
  const auto& dir = scratch.path();
  const auto proxy = dir / "Logging" / "HttpProxy" / "Ecp";
  write(proxy / "empty.log", "");
  std::string junk;
  for (int i = 0; i < 200000; ++i) junk += static_cast<char>((i * 7919) % 251);
  write(proxy / "junk.log", junk);
  write(proxy / "long.log", kHttpProxyHeader + "2021-03-03T00:00:00Z,r1,\"" + std::string(10'000'000, 'a') +
                                "\",200\n2021-03-03T00:00:01Z,r2,ServerInfo~a]@x:444/ecp/y.js?#,200\n");
  write(proxy / "crlf.log", "DateTime,RequestId,AnchorMailbox,HttpStatus\r\n2021-03-03T00:00:01Z,r3,"
                            "ServerInfo~a]@x:444/mapi/emsmdb/?#,200\r\n");
  write(proxy / "broken-quote.log", kHttpProxyHeader + "2021-03-03T00:00:01Z,r4,\"ServerInfo~a/b,200\n");
  write(dir / "inetpub" / "logs" / "LogFiles" / "W3SVC1" / "noheader.log",
        "2021-08-23 09:13:18 1.2.3.4 POST /aspnet_client/x.aspx - 443 - 5.6.7.8 UA - 200 0 0 5\n");
  // A gzip file cut short.
  const auto gz_path = (proxy / "cut.log.gz").string();
  gzFile gz = gzopen(gz_path.c_str(), "wb");
  const std::string rows = kHttpProxyHeader + std::string(100000, 'z') + "\n";
  gzwrite(gz, rows.data(), static_cast<unsigned>(rows.size()));
  gzclose(gz);
  fs::resize_file(gz_path, fs::file_size(gz_path) / 2);
  fs::create_symlink(dir / "loop", dir / "loop");                 // a symlink loop
  fs::create_directory_symlink(dir, dir / "Logging" / "parent");  // a cycle through a folder
  ASSERT_EQ(::mkfifo((proxy / "fifo.log").c_str(), 0600), 0);    // would block a naive reader forever

  Collect sink;
  HuntOptions options;
  options.limits = SearchLimits{4096, 1U << 20};  // the 10 MB line is over this limit
  const std::vector<std::string> roots{dir.string()};
  auto summary = hunt(rules(), roots, options, sink);
  ASSERT_TRUE(summary);
  std::set<std::string> errors;
  for (const auto& e : sink.errors) errors.insert(fs::path(e.where.source).filename().string() + ": " + e.message);
  EXPECT_EQ(errors.size(), 3U);
  for (const auto& e : errors) SCOPED_TRACE(e);
  EXPECT_TRUE(errors.count("cut.log.gz: gzip data is corrupt: unexpected end of file")) << fmt::format("{}", fmt::join(errors, " | "));
  EXPECT_TRUE(errors.count("long.log: a line too long to search was skipped (line 3)"));
  EXPECT_TRUE(errors.count("broken-quote.log: unterminated quoted field"));
  std::set<std::string> found;
  for (const auto& f : sink.findings) found.insert(fs::path(f.evidence.file).filename().string() + ":" +
                                                    std::to_string(f.evidence.line) + " " + f.rule.id);
  EXPECT_EQ(found, (std::set<std::string>{"long.log:4 proxylogon-ssrf", "crlf.log:2 proxylogon-ssrf",
                                          "noheader.log:1 webshell-request-exchange-dirs"}));
  EXPECT_EQ(summary->symlinks_skipped, 2U);
  EXPECT_EQ(summary->special_skipped, 1U);
}

TEST(HostileFiles, UnreadableFileIsAnErrorAndOthersAreStillSearched) {
  const exray::testing::ScratchDir scratch("unreadable");
  const auto& dir = scratch.path();
  write(dir / "a" / "locked.log", "ServerInfo~x/y\n");
  write(dir / "b" / "open.log", kHttpProxyHeader + "2021-03-03T00:00:01Z,r,ServerInfo~a]@x:444/ecp/y.js?#,200\n");
  fs::rename(dir / "b" / "open.log", dir / "b" / "HttpProxy_1.log");
  fs::create_directories(dir / "Logging" / "HttpProxy" / "Ecp");
  fs::rename(dir / "b" / "HttpProxy_1.log", dir / "Logging" / "HttpProxy" / "Ecp" / "HttpProxy_1.log");
  ::chmod((dir / "a" / "locked.log").c_str(), 0);
  // Root reads anything: check as an unprivileged user in a child process.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::geteuid() == 0) {
      ::chmod(dir.c_str(), 0755);
      if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0) ::_exit(3);
    }
    Collect sink;
    const std::vector<std::string> roots{dir.string()};
    auto summary = hunt(rules(), roots, HuntOptions{}, sink);
    const bool ok = summary && sink.errors.size() == 1 &&
                    sink.errors[0].message.starts_with("cannot open: Permission denied") && sink.findings.size() == 1 &&
                    sink.findings[0].rule.id == "proxylogon-ssrf";
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace exray::loghunt
