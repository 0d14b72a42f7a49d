// SPDX-License-Identifier: Apache-2.0
#include "exray/kb/knowledge_base.hpp"

#include <gtest/gtest.h>

#include "exray/kb/verdict.hpp"

namespace exray::kb {
namespace {

KnowledgeBase builtin() {
  auto kb = KnowledgeBase::builtin();
  EXPECT_TRUE(kb) << (kb ? "" : kb.error().to_string());
  return kb ? *kb : KnowledgeBase{};
}

Build b(std::string_view text) { return *parse_build(text); }

TEST(KnowledgeBase, BuiltinHoldsMicrosoftsTablePlusExtrasAndFourAdvisories) {
  auto kb = builtin();
  EXPECT_EQ(kb.releases().size(), 340U + 2U);  // builds.yaml + builds-extra.yaml
  EXPECT_EQ(kb.advisories().size(), 4U);
  const auto* r = kb.find(b("15.1.2176.9"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->name, "Exchange 2016 CU19 Mar21SU");
  EXPECT_EQ(r->product, "Exchange 2016");
  EXPECT_EQ(r->update, "Mar21SU");
  EXPECT_EQ(r->kb, "KB5000871");
  EXPECT_EQ(kb.find(b("15.2.1118.37"))->update, "Aug23SUv2");
  EXPECT_EQ(kb.find(b("15.1.2507.39"))->update, "Apr24HU");
  EXPECT_EQ(kb.find(b("15.2.1258.12"))->update, "");  // "CU13 (2023H1)" is a CU
  EXPECT_EQ(kb.find(b("14.3.513.0"))->update, "");    // a rollup, not an SU
}

TEST(KnowledgeBase, LookupsAcrossTheSeProductBoundary) {
  auto kb = builtin();
  EXPECT_EQ(kb.floor(b("15.2.2562.16"))->product, "Exchange 2019");
  EXPECT_EQ(kb.branch_base(b("15.2.2562.16"))->name, "Exchange SE RTM");
  EXPECT_EQ(kb.latest("Exchange 2013")->build, b("15.0.1497.48"));
  EXPECT_EQ(kb.floor(b("15.3.1.1")), nullptr);
  EXPECT_EQ(kb.product("Exchange 2010")->branch_depth, 2U);
}

TEST(KnowledgeBase, MergeAddsAndReplaces) {
  auto kb = builtin();
  auto ok = kb.merge(R"(
builds:
  - {build: 15.2.2562.99, name: "Exchange SE RTM Dec26SU", date: 2026-12-08, kb: KB9999999}
advisories:
  - id: proxynotshell
    title: replaced
    cves: [CVE-2022-41040]
    fixed_in: [15.2.1118.20]
)",
                     "user.yaml");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(kb.find(b("15.2.2562.99"))->update, "Dec26SU");
  EXPECT_EQ(kb.latest("Exchange SE")->build, b("15.2.2562.99"));
  EXPECT_EQ(kb.advisories().size(), 4U);
  EXPECT_EQ(kb.advisories()[3].title, "replaced");
}

TEST(KnowledgeBase, MergeAcceptsMicrosoftsCsvAsPublished) {
  auto kb = builtin();
  auto ok =
      kb.merge("Product Name,Build Number,Date,KB,Blog\r\nExchange SE RTM Jan27SU,15.2.2562.50,1/12/2027,KB1,\r\n",
               "ExchangeBuildNumbers.csv");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto a = assess(kb, b("15.2.2562.50"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->precision, Precision::exact);
}

struct BadFile {
  const char* why;
  const char* text;
  std::uint64_t line;
  const char* message;
};

class BadKbFile : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadKbFile, IsRejectedWithItsPlaceAndLeavesTheKbAsItWas) {
  auto kb = builtin();
  const auto before = kb.releases().size();
  auto ok = kb.merge(GetParam().text, "user.yaml");
  ASSERT_FALSE(ok) << GetParam().why;
  EXPECT_EQ(ok.error().where.source, "user.yaml");
  if (GetParam().line != 0) {
    EXPECT_EQ(ok.error().where.line, GetParam().line) << ok.error().to_string();
  }
  EXPECT_NE(ok.error().message.find(GetParam().message), std::string::npos) << ok.error().to_string();
  EXPECT_EQ(kb.releases().size(), before);
  EXPECT_EQ(kb.find(b("15.2.2562.99")), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadKbFile,
    ::testing::Values(
        BadFile{"syntax", "builds:\n  - {build: 15.2.2562.99, name: \"x\n", 0, ""},
        BadFile{"unknown top-level key", "build:\n  - {}\n", 1, "unknown key 'build'"},
        BadFile{"unknown field", "builds:\n  - {build: 15.2.2562.99, name: Exchange SE, date: 2026-01-01, size: 3}\n",
                2, "unknown key 'size'"},
        BadFile{"missing field", "builds:\n  - {build: 15.2.2562.99, date: 2026-01-01}\n", 2, "missing 'name'"},
        BadFile{"bad build", "builds:\n  - {build: 15.2, name: Exchange SE, date: 2026-01-01}\n", 2,
                "not a build number"},
        BadFile{"three-part build", "builds:\n  - {build: 15.2.2562, name: Exchange SE, date: 2026-01-01}\n", 2,
                "all four parts"},
        BadFile{"bad date", "builds:\n  - {build: 15.2.2562.99, name: Exchange SE, date: 2026-02-30}\n", 2, "date"},
        BadFile{"not Exchange", "builds:\n  - {build: 15.2.2562.99, name: Outlook, date: 2026-01-01}\n", 2, "Exchange"},
        BadFile{"list expected", "builds: 3\n", 1, "must be a list"}, BadFile{"scalar document", "hello", 0, "mapping"},
        BadFile{"fix not in table",
                "builds:\n  - {build: 15.2.2562.99, name: Exchange SE RTM, date: 2026-01-01}\n"
                "advisories:\n  - {id: x, title: x, fixed_in: [15.1.2176.10]}\n",
                0, "not in the build table"},
        BadFile{"two fixes in a branch", "advisories:\n  - {id: x, title: x, fixed_in: [15.1.2176.9, 15.1.2176.12]}\n",
                0, "two fixed builds"},
        BadFile{"advisory without fixes", "advisories:\n  - {id: x, title: x}\n", 2, "fixed_in"},
        BadFile{"bad branch depth", "products:\n  - {name: Exchange 2010, branch_depth: 7}\n", 2, "branch_depth"},
        BadFile{"nested lists where entries belong", "builds: [[[[[[[[[[[[]]]]]]]]]]]]\n", 1, "expected a mapping"},
        BadFile{"two 2010 fixes in one service pack",
                "advisories:\n  - {id: x, title: x, fixed_in: [14.3.509.0, 14.3.513.0]}\n", 0,
                "two fixed builds in one branch"},
        BadFile{"binary junk", "\x01\x02\xff\xfe\x00garbage: [", 0, ""}));

TEST(KnowledgeBase, HostileNestingIsRefusedAsTooDeep) {
  auto kb = builtin();
  auto flow = kb.merge(std::string(1'000'000, '['), "deep.yaml");
  ASSERT_FALSE(flow);
  EXPECT_EQ(flow.error().code, Errc::limit_exceeded) << flow.error().to_string();
  std::string indented = "builds:\n";
  for (int i = 0; i < 3000; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "- \n";
  auto block = kb.merge(indented, "deep.yaml");
  ASSERT_FALSE(block);
  EXPECT_EQ(block.error().code, Errc::limit_exceeded) << block.error().to_string();
}

// Aliases let a small file name one big list many times; the loader charges every value read
// against the file's size, so 12 kB cannot become 200,000 strings (or gigabytes).
TEST(KnowledgeBase, AliasExpansionIsRefused) {
  std::string yaml = "advisories:\n  - {id: a0, title: t, fixed_in: [15.1.2176.9], cves: &c [";
  for (int i = 0; i < 2000; ++i) yaml += i ? ",x" : "x";
  yaml += "]}\n";
  for (int i = 1; i < 100; ++i)
    yaml += "  - {id: a" + std::to_string(i) + ", title: t, fixed_in: [15.1.2176.9], cves: *c}\n";
  auto kb = builtin();
  auto ok = kb.merge(yaml, "alias.yaml");
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, Errc::limit_exceeded) << ok.error().to_string();
  EXPECT_EQ(kb.advisories().size(), 4U);
}

TEST(KnowledgeBase, BracketsInsideQuotedTextAreJustText) {
  auto kb = builtin();
  auto ok = kb.merge(
      "advisories:\n  - id: x\n    title: \"see [[[[[[[[[[[[[[[[[[[[[ here\"\n    note: |\n      "
      "----------------------------------------------------------------------------\n    fixed_in: [15.1.2176.9]\n",
      "quoted.yaml");
  EXPECT_TRUE(ok) << ok.error().to_string();
}

// A Microsoft CSV of 200,000 rows (far more than Microsoft will ever publish) merges in a
// fraction of a second when merging is linear, and in minutes when it is quadratic.
TEST(KnowledgeBase, LargeMergesStayLinear) {
  std::string csv = "Product Name,Build Number,Date,KB,Blog\n";
  for (int i = 0; i < 200'000; ++i)
    csv += "Exchange 2099 CU1,99.0." + std::to_string(i / 60000) + "." + std::to_string(i % 60000) + ",1/1/2030,,\n";
  auto kb = builtin();
  ASSERT_TRUE(kb.merge(csv, "big.csv"));
  EXPECT_EQ(kb.releases().size(), 342U + 200'000U);
}

TEST(KnowledgeBase, ARepeatedBuildKeepsTheLastDefinition) {
  auto kb = builtin();
  ASSERT_TRUE(
      kb.merge("builds:\n  - {build: 15.1.2176.9, name: \"Exchange 2016 first\", date: 2021-03-02}\n"
               "  - {build: 15.1.2176.9, name: \"Exchange 2016 second\", date: 2021-03-02}\n",
               "twice.yaml"));
  EXPECT_EQ(kb.find(b("15.1.2176.9"))->name, "Exchange 2016 second");
  EXPECT_EQ(kb.releases().size(), 342U);
}

TEST(KnowledgeBase, HostileDatesAreEchoedEscapedAndBounded) {
  auto kb = builtin();
  auto ok =
      kb.merge("Product Name,Build Number,Date,KB,Blog\nExchange x,15.1.1.1,\x1b[31m" + std::string(1000, 'A') + ",,\n",
               "evil.csv");
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message.find('\x1b'), std::string::npos);
  EXPECT_LT(ok.error().message.size(), 200U);
}

TEST(KnowledgeBase, TruncatedBuiltinDataIsAnErrorNotACrash) {
  auto kb = builtin();
  EXPECT_FALSE(kb.merge("builds:\n  - {build: 15.1.2176.9, name: \"Exchange 2016 CU19 Mar21SU\", da", "cut.yaml"));
}

TEST(KnowledgeBase, MissingFileIsAClearError) {
  auto kb = builtin();
  auto ok = kb.merge_file("/nonexistent/kb.yaml");
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, Errc::io_error);
}

}  // namespace
}  // namespace exray::kb
