// SPDX-License-Identifier: Apache-2.0
// Windows event logs through libevtx and the event rules: a hostile .evtx must give an error
// or events, never a crash or a hang.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exray/loghunt/builtin_rules.hpp"
#include "exray/loghunt/log_search.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exray::loghunt;
  static const RuleSet set = [] {
    auto s = builtin_rule_set();
    if (!s) std::abort();
    return std::move(*s);
  }();
  auto search = LogSearch::create(set);
  if (!search) std::abort();
  (void)search->search_evtx_bytes(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.evtx");
  return 0;
}
