// SPDX-License-Identifier: Apache-2.0
// Build numbers come from users, scan responses and inventories: parse, then assess.
#include <cstdint>
#include <string_view>

#include "exray/kb/verdict.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto kb = *exray::kb::KnowledgeBase::builtin();
  auto build = exray::kb::parse_build(std::string_view(reinterpret_cast<const char*>(data), size));
  if (build) {
    (void)build->to_string();
    (void)exray::kb::assess(kb, *build);
  }
  return 0;
}
