// SPDX-License-Identifier: Apache-2.0
// CSV records: Microsoft's build table today, Exchange's own CSV logs tomorrow.
#include <cstdint>
#include <string_view>

#include "exray/core/csv.hpp"
#include "exray/core/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto line : exray::split_lines(text)) (void)exray::split_csv_record(line);
  return 0;
}
