// SPDX-License-Identifier: Apache-2.0
// Targets: parsing, exclusion, indexing, the scan order, shards and the resume progress.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "exray/netscan/resume.hpp"
#include "exray/netscan/scan_order.hpp"
#include "exray/netscan/target_feed.hpp"
#include "exray/netscan/target_space.hpp"
#include "scratch_dir.hpp"

namespace exray::netscan {
namespace {

Result<std::vector<IpAddress>> fake_dns(const std::string& name) {
  if (name == "mail.example.org")
    return std::vector<IpAddress>{*parse_address("192.0.2.80"), *parse_address("2001:db8::80")};
  return fail(Errc::not_found, "no such name");
}

std::vector<std::string> all(const TargetSpace& space) {
  std::vector<std::string> out;
  for (std::uint64_t i = 0; i < space.size(); ++i) {
    const auto t = space.at(i);
    out.push_back(t.address.to_string() + ":" + std::to_string(t.port) + (t.name.empty() ? "" : "/" + t.name));
  }
  return out;
}

TEST(Address, ParsesBothFamiliesAndPrintsThemBack) {
  EXPECT_EQ(parse_address("192.0.2.7")->to_string(), "192.0.2.7");
  EXPECT_EQ(parse_address("[2001:db8::7]")->to_string(), "2001:db8::7");
  EXPECT_TRUE(parse_address("::1")->is_loopback());
  EXPECT_TRUE(parse_address("127.9.9.9")->is_loopback());
  EXPECT_FALSE(parse_address("128.0.0.1")->is_loopback());
  for (const char* bad : {"", "192.0.2", "192.0.2.256", "1.2.3.4.5", "example", "[::1", "::g"})
    EXPECT_FALSE(parse_address(bad)) << bad;
}

TEST(Address, RangesInEveryWrittenForm) {
  EXPECT_EQ(parse_range("192.0.2.0/24")->size(), 256U);
  EXPECT_EQ(parse_range("192.0.2.10-192.0.2.20")->size(), 11U);
  EXPECT_EQ(parse_range("192.0.2.10-20")->last.to_string(), "192.0.2.20");
  EXPECT_EQ(parse_range("2001:db8::/120")->size(), 256U);
  EXPECT_EQ(parse_range("0.0.0.0/0")->size(), Uint128{1} << 32U);
  for (const char* bad :
       {"192.0.2.1/24", "192.0.2.0/33", "192.0.2.9-192.0.2.1", "192.0.2.1-::1", "192.0.2.0/x", "192.0.2.1-300"})
    EXPECT_FALSE(parse_range(bad)) << bad;
}

TEST(TargetSpace, ExclusionsAlwaysWinAndNamesKeepTheirName) {
  TargetSpace space;
  ASSERT_TRUE(space.add("192.0.2.0/29"));
  ASSERT_TRUE(space.add("192.0.2.4-192.0.2.9"));  // overlaps: counted once
  ASSERT_TRUE(space.add("mail.example.org"));
  ASSERT_TRUE(space.exclude("192.0.2.2-192.0.2.3"));
  ASSERT_TRUE(space.exclude("192.0.2.9"));
  ASSERT_TRUE(space.exclude("2001:db8::/64"));
  space.set_ports({443, 8443});
  ASSERT_TRUE(space.finalize(fake_dns));
  EXPECT_EQ(space.addresses(), 8U);  // .0 .1 .4 .5 .6 .7 .8 and the name's IPv4 address
  const auto targets = all(space);
  EXPECT_EQ(targets.size(), 16U);
  EXPECT_EQ(targets.front(), "192.0.2.0:443");
  EXPECT_EQ(targets.back(), "192.0.2.80:8443/mail.example.org");
  for (const auto& t : targets) {
    EXPECT_EQ(t.find("192.0.2.2:"), std::string::npos);
    EXPECT_EQ(t.find("192.0.2.9:"), std::string::npos);
    EXPECT_EQ(t.find("2001:db8"), std::string::npos);
  }
  EXPECT_TRUE(space.is_excluded(*parse_address("192.0.2.3")));
}

TEST(TargetSpace, FilesNameTheLineOfABadTarget) {
  TargetSpace space;
  ASSERT_TRUE(space.add_text("# ours\n192.0.2.0/30, 192.0.2.8\n\n198.51.100.0/24 # lab\n", "nets.txt", false));
  auto bad = space.add_text("192.0.2.77\n192.0.2.1/24\n", "excl.txt", true);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where.source, "excl.txt");
  EXPECT_EQ(bad.error().where.line, 2U);
  EXPECT_FALSE(space.add("not a target!"));
  EXPECT_FALSE(space.add("2001:db8::/32"));  // far too many addresses to visit one by one
  ASSERT_TRUE(space.finalize(fake_dns));
  EXPECT_EQ(space.addresses(), 4U + 1U + 256U);
}

TEST(TargetSpace, AnUnresolvableNameIsAnError) {
  TargetSpace space;
  ASSERT_TRUE(space.add("nowhere.example"));
  EXPECT_FALSE(space.finalize(fake_dns));
}

TEST(TargetSpace, FingerprintChangesWithTheTargets) {
  auto make = [](const char* spec, std::uint16_t port) {
    TargetSpace s;
    EXPECT_TRUE(s.add(spec));
    s.set_ports({port});
    EXPECT_TRUE(s.finalize(fake_dns));
    return s.fingerprint();
  };
  EXPECT_EQ(make("192.0.2.0/24", 443), make("192.0.2.0-192.0.2.255", 443));
  EXPECT_NE(make("192.0.2.0/24", 443), make("192.0.2.0/25", 443));
  EXPECT_NE(make("192.0.2.0/24", 443), make("192.0.2.0/24", 8443));
}

TEST(Ports, ParsedAndChecked) {
  EXPECT_EQ(parse_ports("443,8443").value(), (std::vector<std::uint16_t>{443, 8443}));
  for (const char* bad : {"", "0", "65536", "443,443", "https", "443,"}) EXPECT_FALSE(parse_ports(bad)) << bad;
}

TEST(ScanOrder, IsAPermutationForEverySize) {
  for (std::uint64_t n : {1ULL, 2ULL, 3ULL, 7ULL, 255ULL, 256ULL, 1000ULL, 65536ULL, 100003ULL}) {
    const Permutation p(n, 42);
    std::vector<bool> seen(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto x = p(i);
      ASSERT_LT(x, n);
      ASSERT_FALSE(seen[x]) << "n=" << n;
      seen[x] = true;
    }
  }
}

TEST(ScanOrder, SpreadsNeighboursApartAndDependsOnTheSeed) {
  const Permutation a(65536, 1), b(65536, 2);
  std::uint64_t same = 0, adjacent = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    same += a(i) == b(i) ? 1U : 0U;
    const auto d = a(i) > a(i + 1) ? a(i) - a(i + 1) : a(i + 1) - a(i);
    adjacent += d < 256 ? 1U : 0U;  // consecutive visits inside one /24
  }
  EXPECT_LT(same, 10U);
  EXPECT_LT(adjacent, 20U);
}

TEST(ScanOrder, ShardsAreDisjointAndCoverEverything) {
  for (std::uint64_t n : {1ULL, 5ULL, 1000ULL, 4099ULL}) {
    for (std::uint64_t count : {1ULL, 2ULL, 3ULL, 8ULL, 7000ULL}) {
      std::vector<int> hits(n);
      std::uint64_t total = 0;
      for (std::uint64_t index = 1; index <= count; ++index) {
        const ScanOrder order(n, 99, Shard{index, count});
        total += order.count();
        for (std::uint64_t k = 0; k < order.count(); ++k) ++hits[order.target(k)];
      }
      EXPECT_EQ(total, n);
      EXPECT_TRUE(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; })) << n << " " << count;
    }
  }
  EXPECT_FALSE(parse_shard("0/3"));
  EXPECT_FALSE(parse_shard("4/3"));
  EXPECT_FALSE(parse_shard("1/0"));
  EXPECT_FALSE(parse_shard("x"));
  EXPECT_EQ(parse_shard("3/8")->index, 3U);
}

TEST(TargetFeed, ReadsZmapAndMasscanOutput) {
  auto one = [](std::string_view line) {
    const auto t = parse_listed_target(line);
    return t ? t->address.to_string() + ":" + std::to_string(t->port) : std::string("none");
  };
  EXPECT_EQ(one("192.0.2.7"), "192.0.2.7:0");
  EXPECT_EQ(one("192.0.2.7,443,synack"), "192.0.2.7:0");  // ZMap CSV: address first
  EXPECT_EQ(one("open tcp 443 192.0.2.7 1616161616"), "192.0.2.7:443");
  EXPECT_EQ(one("Host: 192.0.2.7 ()\tPorts: 8443/open/tcp////"), "192.0.2.7:8443");
  EXPECT_EQ(one(R"({   "ip": "192.0.2.7",   "timestamp": "1", "ports": [ {"port": 443, "proto": "tcp"} ] })"),
            "192.0.2.7:443");
  EXPECT_EQ(one(R"({"ip":"2001:db8::7","port":8443,"rec_type":"banner"})"), "2001:db8::7:8443");
  EXPECT_EQ(one("192.0.2.7:8443"), "192.0.2.7:8443");
  EXPECT_EQ(one("[2001:db8::7]:443"), "2001:db8::7:443");
  EXPECT_EQ(one("# masscan"), "none");
  EXPECT_EQ(one("garbage line"), "none");
  EXPECT_EQ(one(std::string(10000, '1')), "none");
}

TEST(TargetFeed, StreamAppliesExclusionsAndPorts) {
  TargetSpace space;
  ASSERT_TRUE(space.exclude("192.0.2.0/28"));
  space.set_ports({443, 444});
  ASSERT_TRUE(space.finalize(fake_dns));
  std::istringstream in("192.0.2.1\n192.0.2.100\nnonsense\nopen tcp 8443 192.0.2.101 1\n");
  StreamFeed feed(in, space);
  std::vector<std::string> got;
  while (auto next = feed.next())
    got.push_back(next->target.address.to_string() + ":" + std::to_string(next->target.port));
  EXPECT_EQ(got, (std::vector<std::string>{"192.0.2.100:443", "192.0.2.100:444", "192.0.2.101:8443"}));
  EXPECT_EQ(feed.unreadable_lines(), 1U);
}

TEST(Resume, ProgressKeepsAWatermarkAndTheStepsAboveIt) {
  Progress p;
  for (std::uint64_t s : {2ULL, 0ULL, 5ULL, 1ULL}) p.done(s);
  EXPECT_EQ(p.next_step(), 3U);
  EXPECT_EQ(p.done_after(), std::vector<std::uint64_t>{5});
  p.done(3);
  p.done(4);
  EXPECT_EQ(p.next_step(), 6U);
  EXPECT_TRUE(p.done_after().empty());
}

TEST(Resume, StateRoundTripsAndBadFilesAreClearErrors) {
  const exray::testing::ScratchDir dir("resume");
  EXPECT_FALSE(load_resume_state(dir / "none.json").value());  // no file: a fresh scan
  ResumeState s{"abc", 7, Shard{2, 4}, 100, {103, 105}, 12345, false};
  ASSERT_TRUE(save_resume_state(dir / "s.json", s));
  auto back = load_resume_state(dir / "s.json");
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->next_step, 100U);
  EXPECT_EQ((*back)->done_after, (std::vector<std::uint64_t>{103, 105}));
  EXPECT_EQ((*back)->shard.index, 2U);
  for (const char* bad : {"", "{}", "[1]", "{\"version\":1}", "\x01\x02", "{\"version\":1,\"targets\":5}"}) {
    std::ofstream(dir / "bad.json") << bad;
    EXPECT_FALSE(load_resume_state(dir / "bad.json")) << bad;
  }
}

}  // namespace
}  // namespace exray::netscan
