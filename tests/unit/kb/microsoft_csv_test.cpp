// SPDX-License-Identifier: Apache-2.0
#include "exray/kb/microsoft_csv.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "exray/core/file.hpp"

namespace exray::kb {
namespace {

constexpr std::string_view kHeader = "Product Name,Build Number,Date,KB,Blog\r\n";

Result<std::vector<Release>> parse(std::string_view body) {
  return parse_microsoft_csv(std::string(kHeader) + std::string(body), "t.csv");
}

TEST(MicrosoftCsv, ReadsRowsInBothBuildStyles) {
  auto rows = parse(
      "Exchange 2016 CU19,15.01.2176.002,12/15/2020,KB4588884,https://x/y\r\n"
      "Exchange 2016 CU19 Mar21SU,15.1.2176.9,3/2/2021,KB5000871,\r\n"
      "Exchange 2019 Preview,15.2.196.0,7/24/2018,,\r\n");
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 3U);
  EXPECT_EQ((*rows)[0].build.to_string(), "15.1.2176.2");
  EXPECT_EQ((*rows)[0].url, "https://x/y");
  EXPECT_EQ((*rows)[2].kb, "");
}

TEST(MicrosoftCsv, AcceptsLfBomQuotedFieldsAndNoFinalNewline) {
  auto rows = parse_microsoft_csv(
      "\xEF\xBB\xBFProduct Name,Build Number,Date,KB,Blog\n\"Exchange 2016 CU19, re-release\",15.1.2176.9,3/2/2021,,",
      "t.csv");
  ASSERT_TRUE(rows) << rows.error().to_string();
  EXPECT_EQ((*rows)[0].name, "Exchange 2016 CU19, re-release");
}

struct BadRow {
  const char* body;
  std::uint64_t line;
  const char* message;
};

class BadMicrosoftCsv : public ::testing::TestWithParam<BadRow> {};

TEST_P(BadMicrosoftCsv, NamesTheLine) {
  auto rows = parse(GetParam().body);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().where.source, "t.csv");
  EXPECT_EQ(rows.error().where.line, GetParam().line) << rows.error().to_string();
  EXPECT_NE(rows.error().message.find(GetParam().message), std::string::npos) << rows.error().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadMicrosoftCsv,
    ::testing::Values(BadRow{"Exchange 2016 CU19,15.1.2176.2,12/15/2020\r\n", 2, "expected 5 fields"},
                      BadRow{"Exchange 2016 CU19,15.1.2176,12/15/2020,,\r\n", 2, "four parts"},
                      BadRow{"Exchange 2016 CU19,abc,12/15/2020,,\r\n", 2, "not a build"},
                      BadRow{"Exchange 2016 CU19,15.1.2176.2,2020-12-15,,\r\n", 2, "date"},
                      BadRow{"Outlook 2016,15.1.2176.2,12/15/2020,,\r\n", 2, "Exchange"},
                      BadRow{
                          "Exchange 2016 CU19,15.1.2176.2,12/15/2020,,\r\n\r\nExchange x,15.01.2176.002,1/1/2021,,\r\n",
                          4, "appears twice (first on line 2)"},
                      BadRow{"\"Exchange 2016 CU19,15.1.2176.2,12/15/2020,,\r\n", 2, "unterminated"}));

TEST(MicrosoftCsv, RejectsAWrongHeaderEmptyAndBinaryInput) {
  EXPECT_FALSE(parse_microsoft_csv("", "t.csv"));
  EXPECT_FALSE(parse_microsoft_csv("Name,Build\n", "t.csv"));
  EXPECT_FALSE(parse_microsoft_csv(std::string_view("\x00\x01\xff\xfe", 4), "t.csv"));
  EXPECT_FALSE(parse(std::string_view("\x00\x01\xff,\xfe,1,2,3\n", 13)));
  EXPECT_FALSE(looks_like_microsoft_csv("builds: []"));
}

TEST(MicrosoftCsv, OversizedLinesAreRejectedWithABoundedMessage) {
  auto rows = parse("Exchange 2016 CU19," + std::string(5'000'000, '9') + ",1/1/2021,,\n");
  ASSERT_FALSE(rows);
  EXPECT_LT(rows.error().message.size(), 300U);
}

TEST(MicrosoftCsv, YamlRoundTripKeepsEveryField) {
  auto rows = parse(
      "Exchange 2016 CU19 Mar21SU,15.1.2176.9,3/2/2021,KB5000871,https://a/b\r\n"
      "Exchange \"odd\" \\ name,15.1.2176.10,3/3/2021,,\r\n");
  ASSERT_TRUE(rows);
  KnowledgeBase kb;
  ASSERT_TRUE(kb.merge(to_builds_yaml(*rows, "test"), "roundtrip.yaml"));
  ASSERT_EQ(kb.releases().size(), 2U);
  for (const auto& row : *rows) {
    const auto* back = kb.find(row.build);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->name, row.name);
    EXPECT_EQ(back->date, row.date);
    EXPECT_EQ(back->kb, row.kb);
    EXPECT_EQ(back->url, row.url);
  }
}

// The shipped kb/builds.yaml must be exactly what the converter makes of Microsoft's CSV.
TEST(MicrosoftCsv, ShippedBuildsYamlIsTheConversionOfTheSharedCsv) {
  const std::filesystem::path csv = EXRAY_SHARED_DATA "/exchange-builds/ExchangeBuildNumbers.csv";
  // Outside CI the shared corpora may live elsewhere; in CI their absence is a failure.
  if (!std::filesystem::exists(csv)) {
    if (std::getenv("CI") != nullptr) FAIL() << "shared data missing in CI: " << csv;
    GTEST_SKIP() << "shared data not present: " << csv;
  }
  auto text = read_small_file(csv);
  ASSERT_TRUE(text);
  auto rows = parse_microsoft_csv(*text, csv.string());
  ASSERT_TRUE(rows) << rows.error().to_string();
  EXPECT_EQ(rows->size(), 340U);
  auto shipped = read_small_file(EXRAY_SOURCE_DIR "/kb/builds.yaml");
  ASSERT_TRUE(shipped);
  EXPECT_EQ(to_builds_yaml(*rows, "Microsoft ExchangeBuildNumbers.csv"), *shipped)
      << "regenerate with: exray kb convert " << csv << " -o kb/builds.yaml";
}

}  // namespace
}  // namespace exray::kb
