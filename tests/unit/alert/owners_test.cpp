// SPDX-License-Identifier: Apache-2.0
// owners.csv: who is told about which host.
#include <gtest/gtest.h>

#include <fstream>

#include "exray/alert/alert.hpp"
#include "scratch_dir.hpp"

namespace exray::alert {
namespace {

class OwnersTest : public ::testing::Test {
 protected:
  Result<Owners> read(const std::string& text) {
    std::ofstream(scratch_ / "owners.csv", std::ios::binary) << text;
    return Owners::read(scratch_ / "owners.csv");
  }
  exray::testing::ScratchDir scratch_{"owners"};
};

TEST_F(OwnersTest, NamesBeatAddressesAndTheNarrowestRangeWins) {
  auto owners = read(
      "email,organisation,match,contact\r\n"
      "noc@isp.example,ISP,192.0.2.0/24,NOC\r\n"
      "it@city.example,\"City, IT\",192.0.2.128/25,\r\n"
      "# a comment\r\n"
      "it@city.example,\"City, IT\",mail.city.example,\r\n"
      "sec@gov.example,Gov,*.gov.example,\r\n"
      "sec@gov.example,Gov,2001:db8::/64,\r\n");
  ASSERT_TRUE(owners) << owners.error().to_string();
  ASSERT_EQ(owners->all().size(), 3U) << "rows of one organisation are one owner";
  EXPECT_EQ(owners->owner_of("192.0.2.7", {})->organisation, "ISP");
  EXPECT_EQ(owners->owner_of("192.0.2.200", {})->organisation, "City, IT");
  EXPECT_EQ(owners->owner_of("192.0.2.7", {"MAIL.City.Example"})->organisation, "City, IT");
  EXPECT_EQ(owners->owner_of("198.51.100.1", {"exch01.ad.gov.example"})->organisation, "Gov");
  EXPECT_EQ(owners->owner_of("2001:db8::5", {})->organisation, "Gov");
  EXPECT_EQ(owners->owner_of("198.51.100.1", {"gov.example.evil"}), nullptr);
  EXPECT_EQ(owners->owner_of("not an address", {}), nullptr);
  EXPECT_EQ(owners->all()[0].contact, "NOC");
}

TEST_F(OwnersTest, DamagedFilesAreErrorsWithTheirLine) {
  auto no_header = read("192.0.2.0/24,ISP\n");
  ASSERT_FALSE(no_header);
  EXPECT_EQ(no_header.error().where.line, 1U);
  auto bad_match = read("match,organisation\n192.0.2.0/24,ISP\n<script>,Evil\n");
  ASSERT_FALSE(bad_match);
  EXPECT_EQ(bad_match.error().where.line, 3U);
  EXPECT_FALSE(read("match,organisation\n\"192.0.2.0/24,ISP\n")) << "an unterminated quote";
  EXPECT_FALSE(read("match,organisation\n192.0.2.0/24,\n")) << "no organisation";
  EXPECT_FALSE(read(std::string("match,organisation\n\0\xff\xfe,x\n", 24))) << "binary";
  EXPECT_FALSE(read("")) << "empty";
  EXPECT_FALSE(Owners::read(scratch_ / "missing.csv"));
}

}  // namespace
}  // namespace exray::alert
