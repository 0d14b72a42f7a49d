// SPDX-License-Identifier: Apache-2.0
// The dashboard's token: where a request may carry it, and that only the exact token passes.
#include "exray/web/token.hpp"

#include <gtest/gtest.h>

namespace exray::web {
namespace {

constexpr std::string_view kToken = "0123456789abcdef0123";

TEST(Token, OnlyTheExactTokenMatches) {
  EXPECT_TRUE(token_matches(kToken, "0123456789abcdef0123"));
  EXPECT_FALSE(token_matches(kToken, "0123456789abcdef0124"));
  EXPECT_FALSE(token_matches(kToken, "0123456789abcdef012"));    // a prefix
  EXPECT_FALSE(token_matches(kToken, "0123456789abcdef01234"));  // longer
  EXPECT_FALSE(token_matches(kToken, ""));
  EXPECT_FALSE(token_matches("", "")) << "no token set never matches: the caller decides whether one is needed";
}

TEST(Token, BearerHeaderAndCookieBothCarryIt) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer  abc "), "abc");
  EXPECT_EQ(bearer_token("Basic abc"), "");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(cookie_value("a=1; exray_token=xyz; b=2", "exray_token"), "xyz");
  EXPECT_EQ(cookie_value("not_exray_token=xyz", "exray_token"), "");
  EXPECT_EQ(cookie_value("", "exray_token"), "");

  EXPECT_TRUE(request_authorised(kToken, "Bearer 0123456789abcdef0123", ""));
  EXPECT_TRUE(request_authorised(kToken, "", "exray_token=0123456789abcdef0123"));
  EXPECT_FALSE(request_authorised(kToken, "", ""));
  EXPECT_FALSE(request_authorised(kToken, "Bearer wrong", ""));
  // A wrong header is not rescued by a right cookie: the request said which credential it meant.
  EXPECT_FALSE(request_authorised(kToken, "Bearer wrong", "exray_token=0123456789abcdef0123"));
}

TEST(Token, ATokenMustBeLongAndSafeInAHeaderACookieAndAUrl) {
  EXPECT_TRUE(check_token_text("0123456789abcdef"));
  EXPECT_TRUE(check_token_text("A-b.c_d~0123456789"));
  EXPECT_FALSE(check_token_text("short"));
  EXPECT_FALSE(check_token_text("0123456789abcdef; Path=/"));
  EXPECT_FALSE(check_token_text("0123456789abcdef\r\nX: y"));
}

}  // namespace
}  // namespace exray::web
