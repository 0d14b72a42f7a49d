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
  if (const auto* base = kb.branch_base(build)) return {base, Precision::cu_level};
  return {floor, Precision::at_least};
}

// The range of four-part builds an input can be: itself, or every revision of a three-part one.
Build lowest(const Build& b) { return Build{b.part, 4}; }
Build highest(const Build& b) {
  return b.exact() ? b : Build{{b.part[0], b.part[1], b.part[2], std::numeric_limits<std::uint32_t>::max()}, 4};
}

Verdict judge(const KnowledgeBase& kb, const Advisory& advisory, const Build& build, std::string_view product,
              std::size_t depth) {
  std::vector<const Release*> fixes;  // this product's fixed builds, ascending
  for (const auto& fixed : advisory.fixed_in) {
    const auto* row = kb.find(fixed);
    if (row != nullptr && row->product == product) fixes.push_back(row);
  }
  if (fixes.empty()) return {&advisory, VerdictState::not_applicable, nullptr};

  for (const auto* fix : fixes) {
    if (!fix->build.same_prefix(build, depth)) continue;
    if (lowest(build) >= fix->build) return {&advisory, VerdictState::patched, nullptr};
    if (highest(build) < fix->build) return {&advisory, VerdictState::su_missing, fix};
    return {&advisory, VerdictState::su_unknown, fix};
  }
  const Build line = build.prefix(depth);
  if (line > fixes.back()->build.prefix(depth))
    return {&advisory, VerdictState::patched, nullptr};  // a later CU ships with the fix
  if (kb.branch_base(build, depth) == nullptr) return {&advisory, VerdictState::build_unknown, nullptr};
  for (const auto* fix : fixes)
    if (fix->build.prefix(depth) > line) return {&advisory, VerdictState::no_fix, fix};
  return {&advisory, VerdictState::build_unknown, nullptr};  // unreachable: the last fix is newer
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
                                P{Precision::at_least, "at-least"}};
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
  const auto* product = kb.product(release->product);
  const std::size_t depth = product != nullptr ? product->branch_depth : 3;
  Assessment a{build, precision, release, product, kb.latest(release->product), {}};
  for (const auto& advisory : kb.advisories())
    a.verdicts.push_back(judge(kb, advisory, build, release->product, depth));
  return a;
}

}  // namespace exray::kb
