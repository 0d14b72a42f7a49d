// SPDX-License-Identifier: Apache-2.0
#include "exray/core/line_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace exray {
namespace {

std::vector<std::pair<LineRead, std::string>> read_all(const std::string& text, std::size_t max) {
  std::istringstream in(text);
  std::vector<std::pair<LineRead, std::string>> out;
  std::string line;
  for (LineRead r; (r = read_line(in, line, max)) != LineRead::end;) out.emplace_back(r, line);
  return out;
}

TEST(ReadLine, SplitsOnNewlinesKeepsEmptyLinesCarriageReturnsAndNulBytes) {
  const auto lines = read_all(std::string("a\n\nb\r\nc\0d", 9), 100);
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0].second, "a");
  EXPECT_EQ(lines[1].second, "");
  EXPECT_EQ(lines[2].second, "b\r");
  EXPECT_EQ(lines[3].second, std::string("c\0d", 3)) << "a last line without a newline is still a line";
  for (const auto& [r, _] : lines) EXPECT_EQ(r, LineRead::line);
}

TEST(ReadLine, AnOversizedLineIsConsumedInBoundedMemoryAndReadingGoesOn) {
  const std::string huge(5'000'000, 'x');
  const auto lines = read_all("ok\n" + huge + "\nafter\n", 1000);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[1].first, LineRead::too_long);
  EXPECT_EQ(lines[1].second.size(), 1000U);
  EXPECT_EQ(lines[2], std::make_pair(LineRead::line, std::string("after")));
}

TEST(ReadLine, EmptyInputAndAnInputAtItsEndGiveEnd) {
  EXPECT_TRUE(read_all("", 10).empty());
  std::istringstream in("x");
  std::string line;
  EXPECT_EQ(read_line(in, line, 10), LineRead::line);
  EXPECT_EQ(read_line(in, line, 10), LineRead::end);
  EXPECT_EQ(read_line(in, line, 10), LineRead::end);
}

}  // namespace
}  // namespace exray
