// SPDX-License-Identifier: Apache-2.0
#include "exray/core/text.hpp"

#include <gtest/gtest.h>

namespace exray {
namespace {

TEST(Text, TrimRemovesAsciiSpaceOnly) {
  EXPECT_EQ(trim(" \t15.1\r\n"), "15.1");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");  // no-break space is data, not white space
}

TEST(Text, CaseInsensitiveComparisonIsAsciiOnly) {
  EXPECT_TRUE(iequals("ServerInfo~", "serverinfo~"));
  EXPECT_FALSE(iequals("abc", "abcd"));
  EXPECT_TRUE(istarts_with("Version 15.1", "version "));
  EXPECT_FALSE(istarts_with("Ver", "Version"));
}

TEST(Text, SplitKeepsEmptyFields) {
  auto parts = split("a,,b,", ',');
  ASSERT_EQ(parts.size(), 4U);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[3], "");
  EXPECT_EQ(split("", ',').size(), 1U);
}

TEST(Text, SplitLinesAcceptsLfCrlfAndNoFinalNewline) {
  auto lines = split_lines("a\r\nb\nc");
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[2], "c");
  EXPECT_TRUE(split_lines("").empty());
  EXPECT_EQ(split_lines("x\n").size(), 1U);
}

TEST(Text, ParseU32RejectsSignsOverflowAndJunk) {
  EXPECT_EQ(parse_u32("0922"), 922U);
  EXPECT_EQ(parse_u32("4294967295"), 4294967295U);
  EXPECT_FALSE(parse_u32("4294967296"));
  EXPECT_FALSE(parse_u32("-1"));
  EXPECT_FALSE(parse_u32("+1"));
  EXPECT_FALSE(parse_u32("1a"));
  EXPECT_FALSE(parse_u32(""));
  EXPECT_FALSE(parse_u32(" 1"));
}

TEST(Text, PrintableEscapesAndBounds) {
  EXPECT_EQ(printable("ok"), "ok");
  EXPECT_EQ(printable(std::string_view("a\0b\n\xff", 5)), "a\\x00b\\x0a\\xff");
  auto long_input = std::string(10'000'000, 'x');
  auto shown = printable(long_input);
  EXPECT_EQ(shown.size(), 83U);
  EXPECT_EQ(shown.substr(80), "...");
}

}  // namespace
}  // namespace exray
