// SPDX-License-Identifier: Apache-2.0
// How fast a build number becomes verdicts: a scan of a country's address space assesses
// every Exchange server it finds, and `exray build` reads inventories of any size.
#include <benchmark/benchmark.h>

#include "exray/kb/verdict.hpp"

namespace {

const exray::kb::KnowledgeBase& kb() {
  static const auto loaded = *exray::kb::KnowledgeBase::builtin();
  return loaded;
}

void BM_LoadBuiltinKnowledgeBase(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(exray::kb::KnowledgeBase::builtin());
}
BENCHMARK(BM_LoadBuiltinKnowledgeBase)->Unit(benchmark::kMillisecond);

void BM_ParseAndAssessEveryRelease(benchmark::State& state) {
  std::vector<std::string> inputs;
  for (const auto& r : kb().releases()) inputs.push_back(r.build.to_string());
  std::size_t vulnerable = 0;
  for (auto _ : state)
    for (const auto& input : inputs) {
      auto a = exray::kb::assess(kb(), *exray::kb::parse_build(input));
      for (const auto& v : a->verdicts) vulnerable += exray::kb::is_vulnerable(v.state);
    }
  // A wrong answer must fail the benchmark, not just run fast.
  if (vulnerable == 0) state.SkipWithError("no vulnerable release found: the verdicts are wrong");
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(inputs.size()));
}
BENCHMARK(BM_ParseAndAssessEveryRelease);

}  // namespace
