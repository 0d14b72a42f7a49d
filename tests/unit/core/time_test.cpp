// SPDX-License-Identifier: Apache-2.0
#include "exray/core/time.hpp"

#include <gtest/gtest.h>

namespace exray {
namespace {

using namespace std::chrono;

TEST(Time, FormatsIso8601InUtc) {
  TimePoint t = sys_days{2021y / March / 3} + 1h + 2min + 3s;
  EXPECT_EQ(format_iso8601(t), "2021-03-03T01:02:03Z");
  EXPECT_EQ(format_iso8601(t + 123456us), "2021-03-03T01:02:03.123456Z");
}

TEST(Time, ParsesIsoAndUsDates) {
  EXPECT_EQ(*parse_iso_date("2021-03-02"), 2021y / March / 2);
  EXPECT_EQ(*parse_us_date("3/2/2021"), 2021y / March / 2);
  EXPECT_EQ(*parse_us_date("12/09/2014"), 2014y / December / 9);
  EXPECT_EQ(format_date(2021y / March / 2), "2021-03-02");
}

TEST(Time, RejectsImpossibleAndMalformedDates) {
  for (auto bad : {"2021-02-30", "2021-13-01", "21-03-02", "2021-03", "2021/03/02", "", "2021-03-02x", "x-y-z"})
    EXPECT_FALSE(parse_iso_date(bad)) << bad;
  for (auto bad : {"2/30/2021", "3/2/21", "3-2-2021", "3/2", "123/1/2021"}) EXPECT_FALSE(parse_us_date(bad)) << bad;
}

}  // namespace
}  // namespace exray
