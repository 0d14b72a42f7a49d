// SPDX-License-Identifier: Apache-2.0
// IOC lists (`--ioc FILE`): whatever a user was handed, in any of the formats we sniff.
#include <cstdint>
#include <string_view>
#include <vector>

#include "exray/filescan/ioc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exray::filescan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_ioc_file(text, "fuzz");
  if (!parsed) return 0;
  IocSet set;
  set.add(*parsed);
  // Every indicator the parser kept must be findable by its digest.
  for (const auto& indicator : parsed->indicators) {
    std::vector<std::uint8_t> digest;
    for (std::size_t i = 0; i + 1 < indicator.hex.size(); i += 2) {
      auto nibble = [](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
      digest.push_back(static_cast<std::uint8_t>((nibble(indicator.hex[i]) << 4U) | nibble(indicator.hex[i + 1])));
    }
    if (digest.size() != digest_size(indicator.type) || set.find(indicator.type, digest) == nullptr) __builtin_trap();
  }
  return 0;
}
