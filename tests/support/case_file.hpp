// SPDX-License-Identifier: Apache-2.0
// Tests as data: a case file holds blocks of input, a `----` line, and the expected output.
//
// Every case opens with `#` lines saying why it exists; a blank line before the next case's
// `#` ends a case, so expected output may hold blank lines of its own.
// Run with EXRAY_BLESS=1 to rewrite the expectations from what the code now prints (then read
// the diff before committing: blessing is a deliberate act, not a way to make tests pass).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace exray::test {

struct Case {
  std::vector<std::string> comments;  // the '#' lines, kept when blessing
  std::string input;                  // may hold several lines
  std::string expected;               // lines joined with '\n', no trailing newline
  std::size_t line = 0;               // where the block starts, for failure messages
};

[[nodiscard]] std::vector<Case> read_cases(const std::filesystem::path& path);

// Runs `actual` over every case of `path`; reports mismatches through GoogleTest, or rewrites
// the file when EXRAY_BLESS is set.
void check_cases(const std::filesystem::path& path, const std::function<std::string(const Case&)>& actual);

}  // namespace exray::test
