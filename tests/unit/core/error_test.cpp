// SPDX-License-Identifier: Apache-2.0
#include "exray/core/error.hpp"

#include <gtest/gtest.h>

namespace exray {
namespace {

TEST(Error, PrintsThePartsOfThePlaceThatAreKnown) {
  EXPECT_EQ((Error{Errc::parse_error, "bad", {}}).to_string(), "bad");
  EXPECT_EQ((Error{Errc::parse_error, "bad", {"f.yaml"}}).to_string(), "f.yaml: bad");
  EXPECT_EQ((Error{Errc::parse_error, "bad", {"f.yaml", 3}}).to_string(), "f.yaml:3: bad");
  EXPECT_EQ((Error{Errc::parse_error, "bad", {"f.yaml", 3, 7}}).to_string(), "f.yaml:3:7: bad");
}

TEST(Error, CodesHaveStableNames) {
  EXPECT_EQ(to_string(Errc::parse_error), "parse-error");
  EXPECT_EQ(to_string(Errc::limit_exceeded), "limit-exceeded");
}

TEST(Error, FailMakesAnUnexpectedResult) {
  Result<int> r = fail(Errc::not_found, "gone");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::not_found);
}

}  // namespace
}  // namespace exray
