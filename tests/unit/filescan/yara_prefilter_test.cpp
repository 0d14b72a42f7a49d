// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/yara_prefilter.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "exray/core/file.hpp"
#include "exray/filescan/file_scanner.hpp"
#include "exray/filescan/yara_rules.hpp"

namespace exray::filescan {
namespace {

namespace fs = std::filesystem;

RuleGate gate_of(const std::string& text) {
  const YaraSource source{"t", "<test>", text};
  auto gates = analyse_yara_rules(std::span(&source, 1));
  EXPECT_FALSE(gates.empty()) << text;
  return gates.empty() ? RuleGate{} : gates.back();
}

bool gated(const std::string& condition, const std::string& strings = R"($a = "alpha" $b = "beta")") {
  return gate_of("rule r { strings: " + strings + " condition: " + condition + " }").gated;
}

TEST(YaraPrefilter, ConditionsThatNeedAString) {
  EXPECT_TRUE(gated("$a"));
  EXPECT_TRUE(gated("any of them"));
  EXPECT_TRUE(gated("all of them"));
  EXPECT_TRUE(gated("2 of ($a, $b)"));
  EXPECT_TRUE(gated("50% of them"));
  EXPECT_TRUE(gated("$a at 0"));
  EXPECT_TRUE(gated("$a in (0..100)"));
  EXPECT_TRUE(gated("#a > 2"));
  EXPECT_TRUE(gated("#a >= 1"));
  EXPECT_TRUE(gated("filesize < 100KB and $a"));
  EXPECT_TRUE(gated("uint16(0) == 0x5a4d and (any of them)"));
  EXPECT_TRUE(gated("$a or ($b and filesize > 10)"));
  EXPECT_TRUE(gated("not $a and $b"));
  EXPECT_TRUE(gated("any of ($a*)", R"($a1 = "x1" $a2 = "x2" $b = "y")"));
}

TEST(YaraPrefilter, ConditionsThatDoNot) {
  EXPECT_FALSE(gated("true"));
  EXPECT_FALSE(gated("filesize < 10"));
  EXPECT_FALSE(gated("not $a"));
  EXPECT_FALSE(gated("$a or filesize < 10"));
  EXPECT_FALSE(gated("none of them"));
  EXPECT_FALSE(gated("0 of them"));
  EXPECT_FALSE(gated("#a == 0"));
  EXPECT_FALSE(gated("#a < 3"));
  EXPECT_FALSE(gated("for any of them : ( $ at 0 )"));
  EXPECT_FALSE(gated("$a", R"($a = "alpha" xor)"));
  EXPECT_FALSE(gated("$a", R"($a = "alpha" base64)"));
  EXPECT_FALSE(gated("$a", R"($a = /al+pha/ wide)"));
}

TEST(YaraPrefilter, RuleReferencesCarryTheOtherRulesStrings) {
  const YaraSource source{"t", "<test>", R"(
    private rule base { strings: $x = "needle" condition: $x }
    rule uses { condition: base and filesize < 10MB }
    rule loose { condition: base or filesize < 10 })"};
  auto gates = analyse_yara_rules(std::span(&source, 1));
  ASSERT_EQ(gates.size(), 3U);
  EXPECT_TRUE(gates[1].gated);
  ASSERT_EQ(gates[1].patterns.size(), 1U);
  EXPECT_FALSE(gates[2].gated);
}

TEST(YaraPrefilter, WideAndNocaseAndHexBecomePatterns) {
  auto g = gate_of(R"(rule r { strings: $a = "Ab" wide ascii nocase $h = { 4D 5A ?? [2-4] (0A | 0D 0A) ?F } condition: any of them })");
  ASSERT_TRUE(g.gated);
  ASSERT_EQ(g.patterns.size(), 3U);
  EXPECT_EQ(g.patterns[0].text, "\\x41\\x62");
  EXPECT_EQ(g.patterns[1].text, "\\x41\\x00\\x62\\x00");
  EXPECT_TRUE(g.patterns[0].caseless);
  EXPECT_TRUE(g.patterns[2].dot_all);
  EXPECT_TRUE(g.patterns[2].prefilter);
  EXPECT_TRUE(match::PatternSet::compile(g.patterns).has_value());
}

TEST(YaraPrefilter, CommentsStringsAndRegexesDoNotConfuseTheReader) {
  auto g = gate_of(R"(
    import "pe"
    /* a } brace in a comment */
    rule r : tag1 tag2 {
      meta: author = "x } y" score = 80 ok = true
      strings: $a = "quote \" and } brace" $r = /a\/b{,3}[}]/ nocase
      condition: // trailing comment
        $a or $r
    })");
  EXPECT_TRUE(g.gated) << g.why_not;
  EXPECT_EQ(g.patterns.size(), 2U);
}

TEST(YaraPrefilter, UnreadableTextLeavesRulesUngatedNotLost) {
  const YaraSource source{"t", "<test>", "rule r { strings: $a = \"unterminated"};
  auto gates = analyse_yara_rules(std::span(&source, 1));
  ASSERT_EQ(gates.size(), 1U);
  EXPECT_FALSE(gates[0].gated);
}

TEST(YaraPrefilter, UngatedUserRuleMakesEveryFileGoThroughYara) {
  std::vector<YaraSource> sources{{"user", "<test>", "rule any_small { condition: filesize < 10 }"}};
  auto rules = YaraRules::compile(sources, {});
  ASSERT_TRUE(rules) << rules.error().to_string();
  EXPECT_TRUE(rules->every_file_needs_yara());
}

TEST(YaraPrefilter, ExternalVariablesThatPublicRuleSetsUseAreDeclared) {
  std::vector<YaraSource> sources{{"user", "<test>", R"(
    rule named { strings: $a = "x" condition: $a and filename matches /\.aspx$/ and extension == ".aspx" }
    rule custom { condition: my_flag and my_level > 2 })"}};
  YaraOptions options;
  options.defines = {{"my_flag", "true"}, {"my_level", "3"}};
  auto rules = YaraRules::compile(sources, options);
  ASSERT_TRUE(rules) << rules.error().to_string();
  auto scanner = YaraScanner::create(*rules);
  ASSERT_TRUE(scanner);
  auto hits = scanner->scan("x", FileNames{"a.aspx", "/w/a.aspx", ".aspx"});
  ASSERT_TRUE(hits);
  EXPECT_EQ(hits->size(), 2U);
  hits = scanner->scan("x", FileNames{"a.txt", "/w/a.txt", ".txt"});
  ASSERT_TRUE(hits);
  EXPECT_EQ(hits->size(), 1U);
}

TEST(YaraPrefilter, CompileErrorNamesTheFileAndLine) {
  std::vector<YaraSource> sources{{"user", "my.yar", "rule ok { condition: true }\nrule bad { condition: $nope }"}};
  auto rules = YaraRules::compile(sources, {});
  ASSERT_FALSE(rules);
  EXPECT_NE(rules.error().message.find(":2:"), std::string::npos) << rules.error().message;
}

// The soundness the speed rests on: on real files, whenever libyara finds a match, the
// prefilter must have let the file through. Every shipped rule must be gated.
TEST(YaraPrefilter, NeverHidesAFileLibyaraWouldMatch) {
  const auto sources = builtin_yara_sources();
  auto rules = YaraRules::compile(sources, {});
  ASSERT_TRUE(rules) << rules.error().to_string();
  for (const auto& g : rules->ungated()) ADD_FAILURE() << "shipped rule not prefiltered: " << g.rule << ": " << g.why_not;
  auto scanner = YaraScanner::create(*rules);
  auto scratch = rules->prefilter().make_state();
  ASSERT_TRUE(scanner && scratch);
  std::vector<fs::path> folders{fs::path(EXRAY_SOURCE_DIR) / "tests/data/files"};
  if (fs::exists(EXRAY_SHARED_DATA)) {
    folders.push_back(fs::path(EXRAY_SHARED_DATA) / "webshells");
    folders.push_back(fs::path(EXRAY_SHARED_DATA) / "benign");
  }
  std::size_t files = 0, matched = 0;
  for (const auto& folder : folders) {
    if (!fs::exists(folder)) continue;
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
      if (!e.is_regular_file()) continue;
      auto bytes = read_small_file(e.path(), std::size_t{16} << 20);
      ASSERT_TRUE(bytes);
      auto hits = scanner->scan(*bytes, FileNames{e.path().filename().string(), e.path().string(), ""});
      ASSERT_TRUE(hits);
      ++files;
      if (hits->empty()) continue;
      ++matched;
      EXPECT_TRUE(rules->prefilter().may_match(*bytes, *scratch)) << e.path() << " matches " << hits->front().rule;
    }
  }
  EXPECT_GT(files, 10U);
  EXPECT_GT(matched, 3U);
}

}  // namespace
}  // namespace exray::filescan
