// SPDX-License-Identifier: Apache-2.0
// Rule files are user input too (`--rules DIR`): load, compile and run their examples.
#include <cstdint>
#include <string_view>

#include "exray/loghunt/rule_examples.hpp"
#include "exray/loghunt/rule_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exray::loghunt;
  auto rules = load_rules(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (!rules) return 0;
  for (const auto& rule : *rules) (void)test_examples(rule);
  (void)RuleSet::compile(std::move(*rules));
  return 0;
}
