// SPDX-License-Identifier: Apache-2.0
#include "case_file.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace exray::test {
namespace {

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

void flush(std::vector<Case>& cases, Case& current, std::vector<std::string>& input, std::vector<std::string>& expected,
           bool& in_expected) {
  if (!input.empty() || !expected.empty()) {
    current.input = join(input);
    current.expected = join(expected);
    cases.push_back(current);
  }
  current = Case{};
  input.clear();
  expected.clear();
  in_expected = false;
}

}  // namespace

std::vector<Case> read_cases(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  // A blank line ends a case only when a new case (its '#' comment) or the end of the file
  // follows, so expected output may itself hold blank lines.
  auto ends_case = [&](std::size_t i) {
    for (std::size_t j = i + 1; j < lines.size(); ++j)
      if (!lines[j].empty()) return lines[j].front() == '#';
    return true;
  };
  std::vector<Case> cases;
  Case current;
  std::vector<std::string> input, expected;
  bool in_expected = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (line.empty() && (!in_expected || ends_case(i))) {
      flush(cases, current, input, expected, in_expected);
      continue;
    }
    if (current.line == 0) current.line = i + 1;
    if (!in_expected && input.empty() && !line.empty() && line.front() == '#') {
      current.comments.push_back(line);
    } else if (!in_expected && line == "----") {
      in_expected = true;
    } else {
      (in_expected ? expected : input).push_back(line);
    }
  }
  flush(cases, current, input, expected, in_expected);
  return cases;
}

void check_cases(const std::filesystem::path& path, const std::function<std::string(const Case&)>& actual) {
  auto cases = read_cases(path);
  ASSERT_FALSE(cases.empty()) << "no cases in " << path;
  const bool bless = std::getenv("EXRAY_BLESS") != nullptr;
  std::ostringstream blessed;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    auto got = actual(c);
    while (!got.empty() && got.back() == '\n') got.pop_back();
    if (bless) {
      if (i > 0) blessed << '\n';
      for (const auto& comment : c.comments) blessed << comment << '\n';
      blessed << c.input << "\n----\n" << got << '\n';
    } else {
      EXPECT_EQ(got, c.expected) << path.filename().string() << ":" << c.line << ": input:\n" << c.input;
    }
  }
  if (bless) std::ofstream(path, std::ios::binary | std::ios::trunc) << blessed.str();
}

}  // namespace exray::test
