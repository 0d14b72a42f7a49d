// SPDX-License-Identifier: Apache-2.0
// Hand-checked verdicts as data: tests/cases/kb/*.case. Each block is a build as a user would
// type it, then the placement and one line per advisory: `<id>: <state> [<build to install>]`.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "case_file.hpp"
#include "exray/kb/verdict.hpp"

namespace exray::kb {
namespace {

std::string render(const KnowledgeBase& kb, std::string_view input) {
  auto build = parse_build(input);
  if (!build) return "error: not-a-build";
  auto a = assess(kb, *build);
  if (!a) return "error: unknown-product";
  std::string out;
  switch (a->precision) {
    case Precision::exact:
      out = a->release->name + " (exact)";
      break;
    case Precision::cu_level:
      out = a->release->name + " (SU unknown)";
      break;
    case Precision::below_cu:
      out = "before " + a->release->name + " (pre-release)";
      break;
    case Precision::at_least:
      out = "at least " + a->release->name + " (inexact)";
      break;
  }
  for (const auto& v : a->verdicts) {
    out += fmt::format("\n{}: {}", v.advisory->id, to_code(v.state));
    if (v.install != nullptr) out += " " + v.install->build.to_string();
  }
  return out;
}

TEST(VerdictCases, HandCheckedBuilds) {
  auto kb = KnowledgeBase::builtin();
  ASSERT_TRUE(kb) << kb.error().to_string();
  for (const auto& entry : std::filesystem::directory_iterator(EXRAY_SOURCE_DIR "/tests/cases/kb")) {
    if (entry.path().extension() != ".case") continue;
    SCOPED_TRACE(entry.path().string());
    test::check_cases(entry.path(), [&](const test::Case& c) { return render(*kb, c.input); });
  }
}

}  // namespace
}  // namespace exray::kb
