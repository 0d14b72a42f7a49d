// SPDX-License-Identifier: Apache-2.0
// exray's own rules against the real corpora in ../shared/data: the detection rate on known web
// shells, and no high-severity finding on benign ASP.NET applications.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "collecting_sink.hpp"
#include "exray/filescan/file_scanner.hpp"

namespace exray::filescan {
namespace {

namespace fs = std::filesystem;

// The rate the shipped rules reach today (180 of 186; the six misses are five copies of a saved
// HTML page with no server code, and a page that only prints server variables). The test fails
// if a change lowers it; raise it when the rules improve. The floor is 95%.
constexpr double kMinimumDetectionRate = 180.0 / 186.0;

using Collect = exray::testing::CollectingSink;

struct ScanRun {
  std::vector<walk::FileEntry> files;
  Collect sink;
};

void scan(const fs::path& folder, ScanRun& run) {
  walk::WalkSummary walked;
  const std::string root = folder.string();
  run.files = walk::walk(std::span(&root, 1), {}, run.sink, walked);
  auto rules = YaraRules::compile(builtin_yara_sources(), {});
  ASSERT_TRUE(rules) << rules.error().to_string();
  auto iocs = builtin_iocs();
  ASSERT_TRUE(iocs);
  FileScanner scanner(std::move(*rules), std::move(*iocs), {});
  auto summary = scan_files(scanner, run.files, {}, run.sink);
  ASSERT_TRUE(summary);
  EXPECT_TRUE(run.sink.errors.empty()) << run.sink.errors.front().to_string();
}

fs::path shared(const char* name) { return fs::path(EXRAY_SHARED_DATA) / name; }

TEST(Corpus, DetectsTheRealWebShells) {
  if (!fs::exists(shared("webshells"))) GTEST_SKIP() << "no shared corpus at " << EXRAY_SHARED_DATA;
  ScanRun run;
  scan(shared("webshells"), run);
  std::set<std::string> detected;
  for (const auto& f : run.sink.findings)
    if (f.severity >= Severity::medium) detected.insert(f.subject);
  std::size_t samples = 0;
  std::map<std::string, std::pair<int, int>> by_folder;  // detected, total
  std::vector<std::string> missed;
  for (const auto& file : run.files) {
    if (file.relative == "/README.md" || file.relative == "/index.csv") continue;
    ++samples;
    const auto folder = file.relative.substr(0, file.relative.find('/', 7));
    auto& [hit, total] = by_folder[folder];
    ++total;
    if (detected.contains(file.path)) {
      ++hit;
    } else {
      missed.push_back(file.relative);
    }
  }
  const double rate = static_cast<double>(samples - missed.size()) / static_cast<double>(samples);
  std::cout << "web shell detection: " << samples - missed.size() << " of " << samples << " (" << rate * 100 << "%)\n";
  for (const auto& [folder, counts] : by_folder) std::cout << "  " << folder << ": " << counts.first << "/" << counts.second << "\n";
  for (const auto& m : missed) std::cout << "  missed: " << m << "\n";
  EXPECT_EQ(samples, 186U);
  EXPECT_GE(rate, kMinimumDetectionRate);
}

TEST(Corpus, NoHighSeverityOnBenignAspNet) {
  if (!fs::exists(shared("benign"))) GTEST_SKIP() << "no shared corpus at " << EXRAY_SHARED_DATA;
  ScanRun run;
  scan(shared("benign"), run);
  EXPECT_EQ(run.files.size(), 201U);
  for (const auto& f : run.sink.findings)
    EXPECT_LT(f.severity, Severity::high) << f.subject << ": " << f.rule.id;
}

TEST(Corpus, SyntheticExchangeShellsAndNearMisses) {
  const auto root = fs::path(EXRAY_SOURCE_DIR) / "tests/data/files";
  if (!fs::exists(root)) GTEST_SKIP() << "no fixtures yet";
  ScanRun run;
  scan(root, run);
  std::map<std::string, Severity> worst;
  for (const auto& f : run.sink.findings) {
    auto& w = worst[fs::relative(f.subject, root).string()];
    w = std::max(w, f.severity);
  }
  for (const auto& file : run.files) {
    const auto rel = fs::relative(file.path, root).string();
    if (rel.find("near-miss") != std::string::npos || rel.find("benign") != std::string::npos) {
      EXPECT_LT(worst.contains(rel) ? worst[rel] : Severity::info, Severity::high) << rel;
    }
  }
}

}  // namespace
}  // namespace exray::filescan
