// SPDX-License-Identifier: Apache-2.0
// Every release of Microsoft's table gets a verdict, and the verdicts obey invariants that hold
// whatever the data: these catch a wrong rule where hand-checked cases cannot reach.
#include <gtest/gtest.h>

#include "exray/kb/verdict.hpp"

namespace exray::kb {
namespace {

class EveryRelease : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = KnowledgeBase::builtin();
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    kb_ = std::move(*loaded);
  }
  const Verdict& verdict(const Assessment& a, std::string_view id) {
    for (const auto& v : a.verdicts)
      if (v.advisory->id == id) return v;
    ADD_FAILURE() << "no advisory " << id;
    return a.verdicts.front();
  }
  KnowledgeBase kb_;
};

TEST_F(EveryRelease, GetsAnExactPlacementAndOneVerdictPerAdvisory) {
  for (const auto& r : kb_.releases()) {
    auto a = assess(kb_, r.build);
    ASSERT_TRUE(a) << r.name;
    EXPECT_EQ(a->precision, Precision::exact) << r.name;
    EXPECT_EQ(a->release, &r);
    EXPECT_EQ(a->verdicts.size(), kb_.advisories().size());
    ASSERT_NE(a->product, nullptr) << "no lifecycle entry for " << r.product;
    for (const auto& v : a->verdicts) {
      EXPECT_NE(v.state, VerdictState::su_unknown) << r.name;     // four parts are always enough
      EXPECT_NE(v.state, VerdictState::build_unknown) << r.name;  // the table knows its own rows
      if (is_vulnerable(v.state)) {
        ASSERT_NE(v.install, nullptr) << r.name << " " << v.advisory->id;
        EXPECT_GT(v.install->build, r.build) << "the fix is newer than " << r.name;
      }
    }
  }
}

TEST_F(EveryRelease, MarchInterimUpdatesAndEveryFixedBuildArePatched) {
  for (const auto& r : kb_.releases())
    if (r.update == "Mar21SU") {
      EXPECT_EQ(verdict(*assess(kb_, r.build), "proxylogon").state, VerdictState::patched) << r.name;
    }
  for (const auto& advisory : kb_.advisories())
    for (const auto& fixed : advisory.fixed_in)
      EXPECT_EQ(verdict(*assess(kb_, fixed), advisory.id).state, VerdictState::patched) << fixed.to_string();
}

TEST_F(EveryRelease, VerdictsNeverGetWorseWithinABranch) {
  // Security updates are cumulative within a CU: a newer build of the same CU is never less patched.
  const auto& rs = kb_.releases();
  for (std::size_t i = 1; i < rs.size(); ++i) {
    if (!rs[i].build.same_branch(rs[i - 1].build)) continue;
    auto older = assess(kb_, rs[i - 1].build), newer = assess(kb_, rs[i].build);
    for (std::size_t k = 0; k < older->verdicts.size(); ++k)
      if (older->verdicts[k].state == VerdictState::patched) {
        EXPECT_EQ(newer->verdicts[k].state, VerdictState::patched)
            << rs[i].name << " " << older->verdicts[k].advisory->id;
      }
  }
}

TEST_F(EveryRelease, ThreePartBuildsAreNeverCalledPatchedWhereTheSuMatters) {
  for (const auto& r : kb_.releases()) {
    Build cu = r.build.branch();
    auto a = assess(kb_, cu);
    ASSERT_TRUE(a) << cu.to_string();
    auto exact_base = assess(kb_, kb_.branch_base(cu)->build);
    for (std::size_t k = 0; k < a->verdicts.size(); ++k) {
      // Where the CU's first build is vulnerable for want of an SU, the CU level alone must not say "patched".
      if (exact_base->verdicts[k].state == VerdictState::su_missing && a->product->branch_depth == 3) {
        EXPECT_EQ(a->verdicts[k].state, VerdictState::su_unknown) << cu.to_string();
      }
    }
  }
}

TEST_F(EveryRelease, ProductsWithoutFixesAreNotApplicable) {
  for (const auto& r : kb_.releases())
    if (r.product == "Exchange 2007" || r.product == "Exchange SE") {
      auto a = assess(kb_, r.build);
      for (const auto& v : a->verdicts) EXPECT_EQ(v.state, VerdictState::not_applicable) << r.name;
    }
}

}  // namespace
}  // namespace exray::kb
