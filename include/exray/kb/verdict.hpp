// SPDX-License-Identifier: Apache-2.0
// exray kb: what a build means for each advisory.
//
// assess() places a build in the release table (exactly, as a CU with the SU unknown, or "at
// least X" when the table lacks it) and gives one Verdict per advisory. The rule, per advisory
// and product: a branch with a listed fixed build is patched from that build on; a branch newer
// than every listed branch is patched from the first known CU that shipped with the fix; an
// older known branch never got a fix. Nothing is called patched that this rule cannot derive: a
// three-part build whose branch has a fix is "SU unknown", and a build the table cannot place
// (an unknown branch, or one between the last fix and the CU that shipped with it) is
// "build unknown".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/kb/build.hpp"
#include "exray/kb/knowledge_base.hpp"

namespace exray::kb {

enum class VerdictState : std::uint8_t {
  patched,
  su_missing,      // vulnerable: this CU has a fix, the security update is not installed
  no_fix,          // vulnerable: this CU never got a fix; upgrade to a CU that did
  su_unknown,      // unknown: the build's CU has a fix but only three parts are known
  build_unknown,   // unknown: the build is not in the knowledge base and cannot be placed
  not_applicable,  // the product is not affected
};

// Stable codes for machines ("su-missing") and the words users read
// ("vulnerable: security update missing").
[[nodiscard]] std::string_view to_code(VerdictState state) noexcept;
[[nodiscard]] std::string_view describe(VerdictState state) noexcept;
[[nodiscard]] bool is_vulnerable(VerdictState state) noexcept;

struct Verdict {
  const Advisory* advisory = nullptr;
  VerdictState state = VerdictState::build_unknown;
  // The lowest build that closes the advisory from here (su_missing, no_fix, su_unknown).
  const Release* install = nullptr;
  // no_fix: the CU (service pack for 2007/2010) to upgrade to before installing `install`;
  // the same release as `install` when that is the CU itself.
  const Release* upgrade_to = nullptr;
};

enum class Precision : std::uint8_t {
  exact,     // the build is a row of the table
  cu_level,  // three parts: the CU is known, the SU is not
  below_cu,  // four parts, in a known CU's branch but older than its first release (pre-release)
  at_least,  // not in the table: the newest known release below it is `release`
};
[[nodiscard]] std::string_view to_code(Precision precision) noexcept;

struct Assessment {
  Build build;
  Precision precision = Precision::exact;
  const Release* release = nullptr;  // the row, the CU's first row, or the nearest row below
  const Product* product = nullptr;  // null when the KB has no lifecycle entry for it
  const Release* latest = nullptr;   // the newest release of the same product
  std::vector<Verdict> verdicts;     // one per advisory, in KB order
};

// Fails with Errc::not_found when no known product has this version (e.g. 16.0.1.1, or a
// build below the product's first release).
[[nodiscard]] Result<Assessment> assess(const KnowledgeBase& kb, const Build& build);

}  // namespace exray::kb
