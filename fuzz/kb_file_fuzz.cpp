// SPDX-License-Identifier: Apache-2.0
// `--kb FILE` is user-supplied: YAML or Microsoft's CSV, sniffed; merged over the built-in KB.
#include <cstdint>
#include <string_view>

#include "exray/kb/knowledge_base.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto builtin = *exray::kb::KnowledgeBase::builtin();
  auto kb = builtin;
  (void)kb.merge(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  return 0;
}
