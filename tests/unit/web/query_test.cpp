// SPDX-License-Identifier: Apache-2.0
// Request targets: the path and parameters as a form with method=get sends them, and links back.
#include "exray/web/query.hpp"

#include <gtest/gtest.h>

namespace exray::web {
namespace {

TEST(Query, SplitsThePathAndDecodesTheParameters) {
  const auto t = parse_target("/hosts?q=CU19+Mar21SU&state=vulnerable&cu=Exchange%202016%20CU19&empty=&q=second");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/hosts");
  EXPECT_EQ(param(t->params, "q"), "CU19 Mar21SU") << "the first of a repeated parameter";
  EXPECT_EQ(param(t->params, "cu"), "Exchange 2016 CU19");
  EXPECT_EQ(param(t->params, "empty"), "");
  EXPECT_EQ(param(t->params, "missing"), "");
}

TEST(Query, RefusesWhatIsNotAPathOrHasBrokenEscapes) {
  EXPECT_FALSE(parse_target("http://example.com/"));
  EXPECT_FALSE(parse_target("*"));
  EXPECT_FALSE(parse_target("/hosts?q=%4"));
  EXPECT_FALSE(parse_target("/hosts?q=%zz"));
  EXPECT_FALSE(parse_target("/%"));
}

TEST(Query, LinksEncodeEverythingThatCouldEndAnAttribute) {
  EXPECT_EQ(link("/hosts/detail", {{"address", "10.0.0.1"}, {"port", "443"}}),
            "/hosts/detail?address=10.0.0.1&port=443");
  EXPECT_EQ(link("/hosts", {{"q", R"("><script>&')"}, {"cu", ""}}), "/hosts?q=%22%3E%3Cscript%3E%26%27");
  const auto back = parse_target(link("/x", {{"q", "a b+c&d=e%"}}));
  ASSERT_TRUE(back);
  EXPECT_EQ(param(back->params, "q"), "a b+c&d=e%");
}

}  // namespace
}  // namespace exray::web
