// SPDX-License-Identifier: Apache-2.0
#include "exray/core/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace exray {
namespace {

void write_text(std::string_view text) { (void)::write(STDOUT_FILENO, text.data(), text.size()); }

// This test program is also its own child: started again with EXRAY_TEST_CHILD set, it
// behaves as asked before main runs, as a component's reader would.
[[gnu::constructor]] void serve_as_test_child() {
  const char* role = std::getenv("EXRAY_TEST_CHILD");
  if (role == nullptr) return;
  const std::string_view what = role;
  if (what == "count") {
    for (int i = 0; i < 20000; ++i) write_text(std::to_string(i) + "\n");
  } else if (what == "crash") {
    write_text("before");
    ::raise(SIGSEGV);
  } else if (what == "allocate") {
    std::vector<char> huge(std::size_t{8} << 30, 'x');  // 8 GiB, as libevtx asked on a crafted file
    write_text(huge.back() == 'x' ? "allocated" : "?");
  } else if (what == "spin") {
    volatile std::uint64_t spins = 0;
    for (;;) spins = spins + 1;
  } else if (what == "forever") {
    for (;;) write_text(std::string(4096, 'y'));
  }
  ::_exit(0);
}

struct Collected {
  std::string bytes;
  Result<ChildOutcome> outcome;
};

Collected run(const std::string& role, ChildLimits limits = {}) {
  Collected c{{}, ChildOutcome{}};
  c.outcome = run_in_child(limits, {"EXRAY_TEST_CHILD=" + role}, [&c](std::string_view b) -> Result<void> {
    c.bytes.append(b);
    return {};
  });
  return c;
}

TEST(ChildProcess, StreamsEverythingTheChildWritesInOrder) {
  auto c = run("count");
  ASSERT_TRUE(c.outcome);
  EXPECT_TRUE(c.outcome->completed) << c.outcome->failure;
  std::string expected;
  for (int i = 0; i < 20000; ++i) expected += std::to_string(i) + "\n";
  EXPECT_EQ(c.bytes, expected);
}

TEST(ChildProcess, ACrashIsReportedAndWhatCameBeforeItIsKept) {
  auto c = run("crash");
  ASSERT_TRUE(c.outcome);
  EXPECT_FALSE(c.outcome->completed);
  EXPECT_TRUE(c.outcome->failure.starts_with("crashed")) << c.outcome->failure;
  EXPECT_EQ(c.bytes, "before");
}

TEST(ChildProcess, AnAllocationBeyondTheMemoryLimitStopsOnlyTheChild) {
  auto c = run("allocate", ChildLimits{.memory_bytes = 256ULL << 20, .cpu = std::chrono::seconds(30)});
  ASSERT_TRUE(c.outcome);
  EXPECT_FALSE(c.outcome->completed);
  EXPECT_EQ(c.bytes, "");
}

TEST(ChildProcess, AChildThatSpinsIsStoppedByItsCpuLimit) {
  auto c = run("spin", ChildLimits{.memory_bytes = 1ULL << 30, .cpu = std::chrono::seconds(1)});
  ASSERT_TRUE(c.outcome);
  EXPECT_FALSE(c.outcome->completed);
  EXPECT_NE(c.outcome->failure.find("CPU"), std::string::npos) << c.outcome->failure;
}

TEST(ChildProcess, ARefusalFromTheParentStopsAChildThatWritesForever) {
  auto outcome = run_in_child(ChildLimits{}, {"EXRAY_TEST_CHILD=forever"},
                              [](std::string_view) -> Result<void> { return fail(Errc::parse_error, "enough"); });
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message, "enough");
}

// The hunt reads event logs from several threads at once: children started beside busy
// threads must still run (a bare fork could inherit a lock one of them held).
TEST(ChildProcess, ChildrenStartedFromManyBusyThreadsAllComplete) {
  std::vector<std::thread> threads;
  std::atomic<int> completed{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&completed] {
      for (int i = 0; i < 10; ++i) {
        std::vector<std::string> churn(1000, std::string(100, 'z'));  // keep the allocator busy
        auto c = run("count");
        if (c.outcome && c.outcome->completed && c.bytes.size() > 100000) ++completed;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(completed.load(), 40);
}

}  // namespace
}  // namespace exray
