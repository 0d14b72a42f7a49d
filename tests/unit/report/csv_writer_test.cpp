// SPDX-License-Identifier: Apache-2.0
#include "exray/report/csv_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace exray::report {
namespace {

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_cell("plain"), "plain");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
}

TEST(CsvWriter, DefusesSpreadsheetFormulas) {
  EXPECT_EQ(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("=a,b"), "\"'=a,b\"");
}

TEST(CsvWriter, WritesRows) {
  std::ostringstream out;
  std::vector<std::string> row{"a", "b,c", ""};
  write_csv_row(out, row);
  EXPECT_EQ(out.str(), "a,\"b,c\",\n");
}

}  // namespace
}  // namespace exray::report
