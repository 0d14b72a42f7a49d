// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "exray/loghunt/builtin_rules.hpp"
#include "exray/loghunt/rule_examples.hpp"
#include "exray/loghunt/rule_set.hpp"

namespace exray::loghunt {
namespace {

// Every shipped rule's own match / no_match examples, through the real engine.
TEST(BuiltinRules, EveryExamplePasses) {
  auto rules = builtin_rules();
  ASSERT_TRUE(rules) << rules.error().to_string();
  ASSERT_GE(rules->size(), 15U);
  for (const auto& rule : *rules) {
    auto failures = test_examples(rule);
    ASSERT_TRUE(failures) << rule.id << ": " << failures.error().to_string();
    for (const auto& f : *failures) ADD_FAILURE() << f.where.source << ":" << f.where.line << ": " << rule.id << ": " << f.message;
  }
  EXPECT_TRUE(RuleSet::compile(std::move(*rules)));
}

constexpr std::string_view kGood = R"(id: t
title: test
kind: exploitation
severity: high
confidence: high
logs: [httpproxy]
when:
  AnchorMailbox: {glob: "ServerInfo~*/*"}
examples:
  match: [{AnchorMailbox: "ServerInfo~a/b"}]
  no_match: [{AnchorMailbox: "SMTP:a@b"}]
)";

std::string with(std::string_view from, std::string_view to) {
  std::string text(kGood);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

void expect_error(const std::string& text, std::uint64_t line, std::string_view message) {
  auto rules = load_rules(text, "t.yaml");
  ASSERT_FALSE(rules) << text;
  EXPECT_EQ(rules.error().where.source, "t.yaml");
  EXPECT_EQ(rules.error().where.line, line) << rules.error().to_string();
  EXPECT_NE(rules.error().message.find(message), std::string::npos) << rules.error().to_string();
}

TEST(RuleLoader, GoodRuleLoadsWithDerivedPrefilter) {
  auto rules = load_rules(kGood, "t.yaml");
  ASSERT_TRUE(rules) << rules.error().to_string();
  EXPECT_EQ((*rules)[0].prefilter_literals, std::vector<std::string>{"ServerInfo~"});
  auto failures = test_examples((*rules)[0]);
  ASSERT_TRUE(failures);
  EXPECT_TRUE(failures->empty());
}

TEST(RuleLoader, BrokenRulesNameTheLineAndTheProblem) {
  expect_error(with("{glob:", "{globb:"), 8, "unknown test 'globb'");
  expect_error(with("severity: high", "severity: severe"), 4, "severe");
  expect_error(with("logs: [httpproxy]", "logs: [httproxy]"), 6, "unknown log 'httproxy'");
  expect_error(with("kind: exploitation\n", "kind: exploitation\ncolour: red\n"), 4, "unknown key 'colour'");
  expect_error(with("{glob: \"ServerInfo~*/*\"}", "{regex: \"a(\"}"), 8, "regex does not compile");
  expect_error(with("{glob: \"ServerInfo~*/*\"}", "{glob: \"*/*\"}"), 8, "no literal to prefilter on");
  expect_error(with("  no_match: [{AnchorMailbox: \"SMTP:a@b\"}]\n", ""), 10, "at least one match and one no_match");
  expect_error(with("id: t", "id: T!"), 1, "an id is lower-case");
  expect_error(with("logs: [httpproxy]", "logs: [httpproxy]\nprefilter: [{regex: \"a{500}{500}\"}]"), 7,
               "repeats more than 64 times");
  expect_error(with("title: test\n", ""), 1, "missing 'title'");
  expect_error("id: [unclosed", 1, "");
}

TEST(RuleLoader, HostileYamlIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  EXPECT_FALSE(load_rules(deep, "deep.yaml"));
  EXPECT_FALSE(load_rules(std::string("\0\xff\xfe", 3), "bin.yaml"));
  EXPECT_FALSE(load_rules("", "empty.yaml"));
  // An alias bomb: each level names the one before ten times.
  std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    bomb += fmt::format("{}: &{} [*{},*{},*{},*{},*{},*{},*{},*{},*{},*{}]\n", c, c, c - 1, c - 1, c - 1, c - 1, c - 1,
                        c - 1, c - 1, c - 1, c - 1, c - 1);
  EXPECT_FALSE(load_rules(bomb, "bomb.yaml"));
  // yaml-cpp 0.7's LoadAll loops forever, allocating, on these (found by fuzz_rule_file).
  EXPECT_FALSE(load_rules("!r,", "comma.yaml"));
  EXPECT_FALSE(load_rules(",", "comma.yaml"));
  auto stray = load_rules(std::string(kGood) + "---\n,\n", "comma.yaml");  // yaml-cpp reads `,` as null
  ASSERT_TRUE(stray) << stray.error().to_string();
  EXPECT_EQ(stray->size(), 1U);
}

TEST(RuleLoader, SeveralDocumentsKeepTheirFileLines) {
  auto two = load_rules(std::string(kGood) + "---\n" + with("id: t", "id: u"), "t.yaml");
  ASSERT_TRUE(two) << two.error().to_string();
  EXPECT_EQ(two->size(), 2U);
  // Line 8 of the second document is line 8 + 11 (the first) + 1 (the marker) of the file.
  expect_error(std::string(kGood) + "---\n" + with("{glob:", "{globb:"), 20, "unknown test 'globb'");
  expect_error(std::string(kGood) + "--- \n" + "id: [unclosed\n", 14, "");  // yaml-cpp: at the end
  EXPECT_TRUE(load_rules("%YAML 1.2\n---\n" + std::string(kGood), "t.yaml")) << "a directive before the marker";
}

TEST(RuleSet, DuplicateIdsAreRejected) {
  auto a = load_rules(kGood, "a.yaml");
  auto b = load_rules(kGood, "b.yaml");
  ASSERT_TRUE(a && b);
  std::vector<Rule> both{(*a)[0], (*b)[0]};
  auto set = RuleSet::compile(std::move(both));
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().message.find("defined twice"), std::string::npos);
}

TEST(RuleExamples, AWrongExpectationFails) {
  auto rules = load_rules(with("no_match: [{AnchorMailbox: \"SMTP:a@b\"}]", "no_match: [{AnchorMailbox: \"ServerInfo~x/y\"}]"),
                          "t.yaml");
  ASSERT_TRUE(rules);
  auto failures = test_examples((*rules)[0]);
  ASSERT_TRUE(failures);
  ASSERT_EQ(failures->size(), 1U);
  EXPECT_EQ((*failures)[0].message, "should not match but does");
}

}  // namespace
}  // namespace exray::loghunt
