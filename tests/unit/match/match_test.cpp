// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "exray/match/glob.hpp"
#include "exray/match/pattern_set.hpp"
#include "exray/match/regex.hpp"

namespace exray::match {
namespace {

// PowerShell -like semantics, as Test-ProxyLogon uses them.
TEST(Glob, AnchoredCaseInsensitiveStarSpansSlashes) {
  EXPECT_TRUE(glob_match("ServerInfo~*/*", "serverinfo~a]@exch01:444/ecp/y.js?#"));
  EXPECT_FALSE(glob_match("ServerInfo~*/*", "ServerInfo~EXCH02.contoso.com"));
  EXPECT_FALSE(glob_match("ServerInfo~*/*", "xServerInfo~a/b"));
  EXPECT_TRUE(glob_match("ServerInfo~*/autodiscover*", "ServerInfo~a]@x:444/mapi/x/AutoDiscover/y"));
  EXPECT_TRUE(glob_match("ServerInfo~*/*Reset*VirtualDirectory#", "ServerInfo~a/ecp/x?schema=ResetOABVirtualDirectory#"));
  EXPECT_FALSE(glob_match("ServerInfo~*/*Reset*VirtualDirectory#", "ServerInfo~a/ecp/x?schema=ResetOABVirtualDirectory"));
}

TEST(Glob, QuestionMarkIsOneByteAndBackslashIsLiteral) {
  EXPECT_TRUE(glob_match("'?:\\*\\ClientAccess\\OAB\\*", "'E:\\Exchange\\ClientAccess\\OAB\\Temp\\x.tmp'"));
  EXPECT_FALSE(glob_match("'?:\\*\\ClientAccess\\OAB\\*", "'C:\\inetpub\\wwwroot\\aspnet_client\\x.aspx'"));
  EXPECT_TRUE(glob_match("2??", "204"));
  EXPECT_FALSE(glob_match("2??", "20"));
}

TEST(Glob, EmptyPatternsAndTexts) {
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("", "a"));
  EXPECT_FALSE(glob_match("?", ""));
}

TEST(Glob, HostileInputStaysFast) {
  const std::string text(200000, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", text));  // would be exponential with naive backtracking
}

TEST(Glob, LongestLiteral) {
  EXPECT_EQ(glob_longest_literal("ServerInfo~*/*"), "ServerInfo~");
  EXPECT_EQ(glob_longest_literal("*/aspnet_client/*.as?x"), "/aspnet_client/");
  EXPECT_EQ(glob_longest_literal("*"), "");
}

TEST(PatternSet, LiteralsIgnoreCaseAndComeBackSortedByEnd) {
  const std::vector<Pattern> patterns{{"serverinfo~", false, 7}, {"a.b", false, 3}, {"x[0-9]+y", true, 5}};
  auto set = PatternSet::compile(patterns);
  ASSERT_TRUE(set) << set.error().message;
  auto scratch = set->make_scratch();
  ASSERT_TRUE(scratch);
  std::vector<PatternMatch> out;
  set->scan("A.B then SERVERINFO~x x12y axb", *scratch, out);
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0].id, 3U);  // "a.b" is a literal: the dot is not a wildcard, so "axb" does not match
  EXPECT_EQ(out[0].end, 3U);
  EXPECT_EQ(out[1].id, 7U);
  EXPECT_EQ(out[2].id, 5U);
}

// Vectorscan 5.4.9 (Debian 12) reports nothing here for n >= 62: exray must be built on Hyperscan.
TEST(PatternSet, LiteralBeforeCrlfAtEndOfBlock) {
  const std::vector<Pattern> patterns{{"needle", false, 1}, {"pin", false, 2}};
  auto set = PatternSet::compile(patterns);
  ASSERT_TRUE(set);
  auto scratch = set->make_scratch();
  for (std::size_t n = 1; n < 300; ++n) {
    const std::string text = std::string(n, 'a') + "PiN\r\n" + "bcdefghijklmnopqrstuvwxyz";
    std::vector<PatternMatch> out;
    set->scan(std::string_view(text).substr(0, n + 5), *scratch, out);
    ASSERT_EQ(out.size(), 1U) << "literal lost after " << n << " bytes";
  }
}

TEST(PatternSet, EmptySetMatchesNothing) {
  auto set = PatternSet::compile({});
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->empty());
  auto scratch = set->make_scratch();
  std::vector<PatternMatch> out;
  set->scan("anything", *scratch, out);
  EXPECT_TRUE(out.empty());
}

TEST(PatternSet, BadRegexNamesThePattern) {
  const std::vector<Pattern> patterns{{"ok", false, 1}, {"(unclosed", true, 2}};
  auto set = PatternSet::compile(patterns);
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().message.find("(unclosed"), std::string::npos);
}

TEST(PatternSet, BinaryLiteralsAreExact) {
  const std::vector<Pattern> patterns{{std::string("a\0b", 3), false, 1}};
  auto set = PatternSet::compile(patterns);
  ASSERT_TRUE(set);
  auto scratch = set->make_scratch();
  std::vector<PatternMatch> out;
  set->scan(std::string_view("xxa\0bx", 6), *scratch, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].end, 5U);
}

TEST(Regex, CaseInsensitiveWithNamedGroups) {
  auto re = Regex::compile("temporary file (?P<path>.*?) needs");
  ASSERT_TRUE(re);
  std::vector<std::string_view> groups;
  ASSERT_TRUE(re->search("Download failed and TEMPORARY FILE 'C:\\x.aspx' needs to be removed", groups));
  ASSERT_EQ(re->named_groups().size(), 1U);
  EXPECT_EQ(re->named_groups()[0].second, "path");
  EXPECT_EQ(groups[0], "'C:\\x.aspx'");
  EXPECT_FALSE(re->search("nothing here"));
}

TEST(Regex, InvalidPatternIsAnError) { EXPECT_FALSE(Regex::compile("a(")); }

TEST(Regex, NonUtf8BytesAreMatchedAsBytes) {
  auto re = Regex::compile("a.b");
  ASSERT_TRUE(re);
  EXPECT_TRUE(re->search(std::string_view("a\xff" "b", 3)));
}

}  // namespace
}  // namespace exray::match
