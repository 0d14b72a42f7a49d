// SPDX-License-Identifier: Apache-2.0
#include "exray/kb/build.hpp"

#include <gtest/gtest.h>

namespace exray::kb {
namespace {

Build b(std::string_view text) {
  auto r = parse_build(text);
  EXPECT_TRUE(r) << text;
  return r ? *r : Build{};
}

TEST(Build, ParsesShortPaddedAndAdminDisplayForms) {
  EXPECT_EQ(b("15.1.2176.9").to_string(), "15.1.2176.9");
  EXPECT_EQ(b("15.01.2176.009"), b("15.1.2176.9"));
  EXPECT_EQ(b("15.02.0721.013").to_string(), "15.2.721.13");  // not octal
  EXPECT_EQ(b("Version 15.1 (Build 2176.9)"), b("15.1.2176.9"));
  EXPECT_EQ(b("version 15.2 (Build 1118.20)").to_string(), "15.2.1118.20");
  EXPECT_EQ(b("  15.1.2176.9\r\n"), b("15.1.2176.9"));
}

TEST(Build, ThreePartsNameABranch) {
  auto cu = b("15.1.2176");
  EXPECT_FALSE(cu.exact());
  EXPECT_EQ(cu.to_string(), "15.1.2176");
  EXPECT_TRUE(cu.same_branch(b("15.1.2176.12")));
  EXPECT_FALSE(cu.same_branch(b("15.1.2242.4")));
  EXPECT_LT(cu, b("15.1.2176.0"));
}

TEST(Build, ComparesAsIntegerTuples) {
  EXPECT_LT(b("15.1.2176.9"), b("15.1.2176.12"));  // not as decimals
  EXPECT_LT(b("15.0.1497.48"), b("15.1.225.16"));
  EXPECT_LT(b("8.3.83.6"), b("14.0.639.21"));
  EXPECT_EQ(b("15.2.2562.17").prefix(2), b("15.2.0.0"));
}

TEST(Build, RejectsWhatIsNotABuild) {
  const std::vector<std::string> inputs{"",
                                        "hello",
                                        "15",
                                        "15.1",
                                        "15.1.2176.9.1",
                                        "15..2176.9",
                                        "-1.2.3.4",
                                        "15.x.2176.9",
                                        "15.1.2176.9 ",
                                        "99999999999.1.1.1",
                                        "15.1.65536.1",
                                        "15.1.2176.",
                                        ".15.1.2176",
                                        "15,1,2176,9",
                                        "Version 15.1",
                                        "Version 15.1 (Build 2176.9",
                                        "Version (Build 2176.9)",
                                        std::string("15.1.2176.9\0", 12)};
  for (const std::string& bad : inputs) {
    auto r = parse_build(bad);
    if (bad == "15.1.2176.9 ") {
      EXPECT_TRUE(r);  // trailing white space is trimmed
      continue;
    }
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::parse_error);
  }
}

TEST(Build, HostileInputGivesABoundedMessage) {
  std::string huge(10'000'000, '1');
  auto r = parse_build(huge);
  ASSERT_FALSE(r);
  EXPECT_LT(r.error().message.size(), 200U);
  auto binary = parse_build(std::string_view("\x00\xff\x01.1.1.1", 7));
  ASSERT_FALSE(binary);
  EXPECT_NE(binary.error().message.find("\\x00"), std::string::npos);
}

TEST(Build, SixteenBitPartsAreTheLimit) {
  EXPECT_TRUE(parse_build("65535.65535.65535.65535"));
  EXPECT_FALSE(parse_build("65536.0.0.0"));
}

}  // namespace
}  // namespace exray::kb
