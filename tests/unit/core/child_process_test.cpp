// SPDX-License-Identifier: Apache-2.0
#include "exray/core/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace exray {
namespace {

void write_text(int fd, std::string_view text) { (void)::write(fd, text.data(), text.size()); }

struct Collected {
  std::string bytes;
  Result<ChildOutcome> outcome;
};

Collected run(const std::function<void(int)>& work, ChildLimits limits = {}) {
  Collected c{{}, ChildOutcome{}};
  c.outcome = run_in_child(limits, work, [&c](std::string_view b) -> Result<void> {
    c.bytes.append(b);
    return {};
  });
  return c;
}

TEST(ChildProcess, StreamsEverythingTheChildWritesInOrder) {
  auto c = run([](int fd) {
    for (int i = 0; i < 20000; ++i) write_text(fd, std::to_string(i) + "\n");
  });
  ASSERT_TRUE(c.outcome);
  EXPECT_TRUE(c.outcome->completed) << c.outcome->failure;
  std::string expected;
  for (int i = 0; i < 20000; ++i) expected += std::to_string(i) + "\n";
  EXPECT_EQ(c.bytes, expected);
}

TEST(ChildProcess, ACrashIsReportedAndWhatCameBeforeItIsKept) {
  auto c = run([](int fd) {
    write_text(fd, "before");
    ::raise(SIGSEGV);
  });
  ASSERT_TRUE(c.outcome);
  EXPECT_FALSE(c.outcome->completed);
  EXPECT_TRUE(c.outcome->failure.starts_with("crashed")) << c.outcome->failure;
  EXPECT_EQ(c.bytes, "before");
}

TEST(ChildProcess, AnAllocationBeyondTheMemoryLimitStopsOnlyTheChild) {
  auto c = run(
      [](int fd) {
        std::vector<char> huge(std::size_t{8} << 30, 'x');  // 8 GiB, as libevtx asked on a crafted file
        write_text(fd, huge.back() == 'x' ? "allocated" : "?");
      },
      ChildLimits{.memory_bytes = 256ULL << 20, .cpu = std::chrono::seconds(30)});
  ASSERT_TRUE(c.outcome);
  EXPECT_FALSE(c.outcome->completed);
  EXPECT_EQ(c.bytes, "");
}

TEST(ChildProcess, AChildThatSpinsIsStoppedByItsCpuLimit) {
  auto c = run(
      [](int) {
        volatile std::uint64_t spins = 0;
        for (;;) spins = spins + 1;
      },
      ChildLimits{.memory_bytes = 1ULL << 30, .cpu = std::chrono::seconds(1)});
  ASSERT_TRUE(c.outcome);
  EXPECT_FALSE(c.outcome->completed);
  EXPECT_NE(c.outcome->failure.find("CPU"), std::string::npos) << c.outcome->failure;
}

TEST(ChildProcess, ARefusalFromTheParentStopsAChildThatWritesForever) {
  auto outcome = run_in_child(
      ChildLimits{},
      [](int fd) {
        for (;;) write_text(fd, std::string(4096, 'y'));
      },
      [](std::string_view) -> Result<void> { return fail(Errc::parse_error, "enough"); });
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message, "enough");
}

}  // namespace
}  // namespace exray
