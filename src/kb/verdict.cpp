// SPDX-License-Identifier: Apache-2.0
#include "exray/kb/verdict.hpp"

#include <fmt/format.h>

#include <limits>

#include "exray/core/enum_names.hpp"

namespace exray::kb {
namespace {

// The release that anchors the build in the table, and how precisely.
struct Placement {
  const Release* release = nullptr;
  Precision precision = Precision::exact;
};

Placement place(const KnowledgeBase& kb, const Build& build) {
  if (build.exact())
    if (const auto* row = kb.find(build)) return {row, Precision::exact};
  const auto* floor = kb.floor(Build{build.part, 4});
  if (floor != nullptr && floor->build.same_branch(build) && build.exact()) return {floor, Precision::at_least};
  // A known CU: its product is the CU's, even where the nearest row below belongs to the
  // previous product (15.2.2562.x is Exchange SE, not 2019).
  if (const auto* base = kb.branch_base(build))
    return {base, build.exact() ? Precision::below_cu : Precision::cu_level};
  return {floor, Precision::at_least};
}

// The range of four-part builds an input can be: itself, or every revision of a three-part one.
Build lowest(const Build& b) { return Build{b.part, 4}; }
Build highest(const Build& b) {
  return b.exact() ? b : Build{{b.part[0], b.part[1], b.part[2], std::numeric_limits<std::uint32_t>::max()}, 4};
}

// The first known release of `product` in a branch (of `depth` parts) newer than `line`.
const Release* next_branch(const KnowledgeBase& kb, const Build& line, std::size_t depth, std::string_view product) {
  Build past = line.prefix(depth);
  for (std::size_t i = depth; i < past.part.size(); ++i) past.part[i] = std::numeric_limits<std::uint32_t>::max();
  const auto* next = kb.ceiling(past);
  return next != nullptr && next->product == product ? next : nullptr;
}

Verdict judge(const KnowledgeBase& kb, const Advisory& advisory, const Build& build, std::string_view product,
              std::size_t depth) {
  std::vector<const Release*> fixes;  // this product's fixed builds, ascending
  for (const auto& fixed : advisory.fixed_in) {
    const auto* row = kb.find(fixed);
    if (row != nullptr && row->product == product) fixes.push_back(row);
  }
  if (fixes.empty()) return {&advisory, VerdictState::not_applicable, nullptr, nullptr};

  for (const auto* fix : fixes) {
    if (!fix->build.same_prefix(build, depth)) continue;
    if (lowest(build) >= fix->build) return {&advisory, VerdictState::patched, nullptr, nullptr};
    if (highest(build) < fix->build) return {&advisory, VerdictState::su_missing, fix, nullptr};
    return {&advisory, VerdictState::su_unknown, fix, nullptr};
  }
  const Build line = build.prefix(depth);
  if (line > fixes.back()->build.prefix(depth)) {
    // Newer than every branch that got the fix: patched only from a known CU on that shipped
    // with it. A build between that CU and the last fix could be a hotfix of the old CU.
    // A three-part build names a released CU, so any revision of it counts.
    const auto* shipped = next_branch(kb, fixes.back()->build, depth, product);
    if (shipped != nullptr && highest(build) >= shipped->build)
      return {&advisory, VerdictState::patched, nullptr, nullptr};
    return {&advisory, VerdictState::build_unknown, nullptr, nullptr};
  }
  if (kb.branch_base(build, depth) == nullptr) return {&advisory, VerdictState::build_unknown, nullptr, nullptr};
  for (const auto* fix : fixes)
    if (fix->build.prefix(depth) > line)
      return {&advisory, VerdictState::no_fix, fix, kb.branch_base(fix->build, depth)};
  return {&advisory, VerdictState::build_unknown, nullptr, nullptr};  // unreachable: the last fix is newer
}

}  // namespace

namespace {
using V = std::pair<VerdictState, std::string_view>;
constexpr EnumNames kStateCodes{V{VerdictState::patched, "patched"},
                                V{VerdictState::su_missing, "su-missing"},
                                V{VerdictState::no_fix, "no-fix"},
                                V{VerdictState::su_unknown, "su-unknown"},
                                V{VerdictState::build_unknown, "build-unknown"},
                                V{VerdictState::not_applicable, "not-applicable"}};
constexpr EnumNames kStateWords{V{VerdictState::patched, "patched"},
                                V{VerdictState::su_missing, "vulnerable: security update missing"},
                                V{VerdictState::no_fix, "vulnerable: no fix for this CU"},
                                V{VerdictState::su_unknown, "unknown: SU level not visible"},
                                V{VerdictState::build_unknown, "unknown: build not in the knowledge base"},
                                V{VerdictState::not_applicable, "not applicable"}};
using P = std::pair<Precision, std::string_view>;
constexpr EnumNames kPrecisions{P{Precision::exact, "exact"}, P{Precision::cu_level, "cu-level"},
                                P{Precision::below_cu, "below-cu"}, P{Precision::at_least, "at-least"}};
}  // namespace

std::string_view to_code(VerdictState state) noexcept { return kStateCodes.name(state); }
std::string_view describe(VerdictState state) noexcept { return kStateWords.name(state); }
std::string_view to_code(Precision precision) noexcept { return kPrecisions.name(precision); }

bool is_vulnerable(VerdictState state) noexcept {
  return state == VerdictState::su_missing || state == VerdictState::no_fix;
}

Result<Assessment> assess(const KnowledgeBase& kb, const Build& build) {
  auto [release, precision] = place(kb, build);
  if (release == nullptr) {
    const auto* next = kb.ceiling(build);
    if (next == nullptr || !next->build.same_version(build))
      return fail(Errc::not_found, fmt::format("{}: no Exchange product has version {}.{}", build.to_string(),
                                               build.part[0], build.part[1]));
    return fail(Errc::not_found, fmt::format("{}: older than the first known {} release ({})", build.to_string(),
                                             next->product, next->build.to_string()));
  }
  Assessment a{build, precision, release, kb.product(release->product), kb.latest(release->product), {}};
  for (const auto& advisory : kb.advisories())
    a.verdicts.push_back(judge(kb, advisory, build, release->product, kb.branch_depth(release->product)));
  return a;
}

}  // namespace exray::kb
