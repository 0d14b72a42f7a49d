// SPDX-License-Identifier: Apache-2.0
#include "exray/core/finding.hpp"

#include <gtest/gtest.h>

namespace exray {
namespace {

Finding sample() {
  Finding f;
  f.kind = FindingKind::webshell;
  f.rule = {"china-chopper", "China Chopper one-liner"};
  f.host = {"10.0.0.5", "EXCH01"};
  f.subject = R"(C:\inetpub\wwwroot\aspnet_client\a.aspx)";
  f.evidence.file = f.subject;
  f.evidence.offset = 17;
  return f;
}

TEST(Finding, IdIsStableAndIgnoresTimesAndWording) {
  auto a = sample(), b = sample();
  b.observed_time = now();
  b.rule.title = "reworded";
  b.severity = Severity::critical;
  EXPECT_EQ(finding_id(a), finding_id(b));
  EXPECT_EQ(finding_id(a).size(), 16U);
}

TEST(Finding, IdDiffersByPlace) {
  auto a = sample(), b = sample();
  b.evidence.offset = 18;
  EXPECT_NE(finding_id(a), finding_id(b));
  auto c = sample();
  c.host.name = "EXCH02";
  EXPECT_NE(finding_id(a), finding_id(c));
}

TEST(Finding, EnumNamesRoundTrip) {
  for (auto k : {FindingKind::exposure, FindingKind::exploitation, FindingKind::webshell, FindingKind::ransomware,
                 FindingKind::suspicious_file, FindingKind::reconnaissance, FindingKind::mitigation_missing, FindingKind::scan_error})
    EXPECT_EQ(*parse_finding_kind(to_string(k)), k);
  EXPECT_EQ(*parse_severity("critical"), Severity::critical);
  EXPECT_EQ(*parse_confidence("low"), Confidence::low);
  EXPECT_FALSE(parse_severity("CRITICAL"));
  EXPECT_FALSE(parse_finding_kind(""));
}

TEST(Finding, ExcerptIsBoundedAndKeepsUtf8Whole) {
  EXPECT_EQ(make_excerpt("short"), "short");
  std::string s(kMaxExcerptBytes - 1, 'a');
  s += "\xC3\xA9\xC3\xA9";  // é straddles the cut
  auto e = make_excerpt(s);
  EXPECT_EQ(e, std::string(kMaxExcerptBytes - 1, 'a') + "\xE2\x80\xA6");
  EXPECT_LE(make_excerpt(std::string(10'000'000, 'x')).size(), kMaxExcerptBytes + 3);
}

}  // namespace
}  // namespace exray
