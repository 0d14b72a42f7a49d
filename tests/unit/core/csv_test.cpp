// SPDX-License-Identifier: Apache-2.0
#include "exray/core/csv.hpp"

#include <gtest/gtest.h>

namespace exray {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, PlainFields) { EXPECT_EQ(*split_csv_record("a,b,,c"), (Fields{"a", "b", "", "c"})); }

TEST(Csv, QuotedFieldsHoldCommasAndDoubledQuotes) {
  EXPECT_EQ(*split_csv_record(R"(2021-03-03,"a,b","say ""hi""",x)"), (Fields{"2021-03-03", "a,b", "say \"hi\"", "x"}));
}

TEST(Csv, EmptyLineIsOneEmptyField) { EXPECT_EQ(*split_csv_record(""), (Fields{""})); }

TEST(Csv, TrailingCommaGivesEmptyLastField) { EXPECT_EQ(*split_csv_record("a,"), (Fields{"a", ""})); }

TEST(Csv, UnterminatedQuoteIsAnErrorWithColumn) {
  auto r = split_csv_record(R"(a,"open)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::parse_error);
  EXPECT_EQ(r.error().where.column, 3U);
}

TEST(Csv, TextAfterClosingQuoteIsAnError) { EXPECT_FALSE(split_csv_record(R"("a"b,c)")); }

TEST(Csv, BinaryBytesAreData) {
  auto r = split_csv_record(std::string_view("\x00\xff,\x01", 4));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 2U);
  EXPECT_EQ((*r)[0].size(), 2U);
}

}  // namespace
}  // namespace exray
