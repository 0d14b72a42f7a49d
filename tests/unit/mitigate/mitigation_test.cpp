// SPDX-License-Identifier: Apache-2.0
#include "exray/mitigate/mitigation.hpp"

#include <gtest/gtest.h>

#include <array>

namespace exray::mitigate {
namespace {

constexpr std::string_view kTemplate =
    "# for @FOR@\n"
    "# exray:begin proxylogon\n"
    "logon rule\n"
    "# exray:end\n"
    "<!-- exray:begin proxynotshell -->\n"
    "notshell rule\n"
    "<!-- exray:end -->\n"
    "tail\n";

TEST(Mitigation, KeepsTheSectionsAskedForAndDropsTheMarkers) {
  const std::array exploits{Exploit::proxynotshell};
  auto text = render_template(kTemplate, exploits, "t");
  ASSERT_TRUE(text) << text.error().to_string();
  EXPECT_EQ(*text, "# for proxynotshell\nnotshell rule\ntail\n");
}

TEST(Mitigation, ParsesExploitListsInEnumOrderOnce) {
  auto some = parse_exploits("proxynotshell,proxylogon,proxylogon");
  ASSERT_TRUE(some);
  EXPECT_EQ(*some, (std::vector{Exploit::proxylogon, Exploit::proxynotshell}));
  auto all = parse_exploits("all");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3U);
  EXPECT_FALSE(parse_exploits("proxylogon,log4shell"));
  EXPECT_FALSE(parse_exploits(""));
  EXPECT_FALSE(parse_exploits("proxylogon,"));
  EXPECT_FALSE(parse_target("apache"));
}

TEST(Mitigation, BrokenTemplatesSayWhere) {
  const std::array exploits{Exploit::proxylogon};
  auto unknown = render_template("a\n# exray:begin log4shell\n# exray:end\n", exploits, "t.conf");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().where.line, 2U);
  auto open = render_template("# exray:begin proxylogon\nx\n", exploits, "t.conf");
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().where.line, 1U);
  EXPECT_FALSE(render_template("# exray:end\n", exploits, "t.conf"));
}

TEST(Mitigation, EveryBuiltInTemplateRendersForEveryTarget) {
  const std::array exploits{Exploit::proxylogon, Exploit::proxyshell, Exploit::proxynotshell};
  for (const auto target : {Target::iis, Target::nginx, Target::haproxy, Target::modsecurity}) {
    auto text = render(target, exploits);
    ASSERT_TRUE(text) << to_string(target) << ": " << text.error().to_string();
    EXPECT_NE(text->find("NO SUBSTITUTE FOR THE SECURITY UPDATE"), std::string::npos) << to_string(target);
    EXPECT_EQ(text->find("exray:"), std::string::npos) << to_string(target);
    EXPECT_EQ(text->find("@FOR@"), std::string::npos) << to_string(target);
  }
}

}  // namespace
}  // namespace exray::mitigate
