// SPDX-License-Identifier: Apache-2.0
// Which files a hunt's findings put up for quarantine.
#include "exray/vault/plan.hpp"

#include "vault_fixture.hpp"

namespace exray::vault::testing {
namespace {

const std::string kSha(64, 'a');
const std::string kOther(64, 'b');

std::string finding(const std::string& subject, const std::string& severity, const std::string& rule,
                    const std::string& sha256) {
  return R"({"schema":1,"type":"finding","id":"0123456789abcdef","kind":"webshell","rule":{"id":")" + rule +
         R"(","title":"t"},"severity":")" + severity + R"(","subject":")" + subject +
         R"(","evidence":{"file":"x","fields":{"sha256":")" + sha256 + R"("}}})";
}

TEST(Plan, OneCandidatePerFileCarriedByItsMostSevereFinding) {
  exray::testing::ScratchDir scratch("plan");
  const auto findings = scratch / "findings.jsonl";
  spit(findings,
       R"({"schema":1,"type":"run","command":"hunt","cwd":"/evidence","roots":["/evidence/EXCH01"]})"
       "\n" +
           finding("EXCH01/inetpub/a.aspx", "medium", "heuristic", kSha) + "\n" +
           finding("EXCH01/inetpub/a.aspx", "critical", "yara-chopper", kSha) + "\n" +
           finding("/evidence/EXCH01/b.aspx", "high", "yara-asp", kOther) + "\n" +
           finding("/evidence/EXCH01/c.txt", "low", "archive", kOther) + "\n" +
           // A log finding is about lines, not a file to take away.
           R"({"schema":1,"type":"finding","severity":"critical","subject":"/logs/x.log","evidence":{"fields":{}}})"
           "\n" +
           R"({"schema":1,"type":"error","code":"io-error"})"
           "\n");
  auto plan = plan_from_findings(findings, Severity::high);
  ASSERT_TRUE(plan) << plan.error().to_string();
  ASSERT_EQ(plan->roots.size(), 1U);
  EXPECT_EQ(plan->roots[0], "/evidence/EXCH01");
  ASSERT_EQ(plan->candidates.size(), 2U);
  EXPECT_EQ(plan->candidates[0].path, "/evidence/EXCH01/inetpub/a.aspx");
  EXPECT_EQ(plan->candidates[0].finding.rule, "yara-chopper");
  EXPECT_EQ(plan->candidates[0].finding.severity, "critical");
  EXPECT_EQ(plan->candidates[1].path, "/evidence/EXCH01/b.aspx");
  EXPECT_EQ(plan->below_severity, 2U);  // the medium one on a.aspx (outranked anyway) and c.txt
}

TEST(Plan, DamagedOrForeignInputIsAnErrorWithItsLine) {
  exray::testing::ScratchDir scratch("plan");
  const auto findings = scratch / "findings.jsonl";
  spit(findings, finding("/a.aspx", "high", "r", kSha) + "\n" + std::string("\x00\xff{not json", 11) + "\n");
  auto plan = plan_from_findings(findings, Severity::high);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().where.line, 2U);

  spit(findings, finding("/a.aspx", "dire", "r", kSha) + "\n");
  EXPECT_FALSE(plan_from_findings(findings, Severity::high));
  EXPECT_FALSE(plan_from_findings(scratch / "missing.jsonl", Severity::high));

  spit(findings, finding("/a.aspx", "high", "r", kSha).substr(0, 40));  // truncated
  EXPECT_FALSE(plan_from_findings(findings, Severity::high));

  // Oversized: a 20 MiB line with no newline is refused, not read into memory whole.
  spit(findings, finding("/a.aspx", "high", "r", kSha) + "\n" + std::string(20U << 20U, '{'));
  plan = plan_from_findings(findings, Severity::high);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, Errc::limit_exceeded);
  EXPECT_EQ(plan.error().where.line, 2U);
}

}  // namespace
}  // namespace exray::vault::testing
