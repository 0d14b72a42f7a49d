// SPDX-License-Identifier: Apache-2.0
// Target and exclusion files, and ZMap/masscan lines on stdin: parse, build the space, index it.
#include <cstdint>
#include <string_view>

#include "exray/netscan/scan_order.hpp"
#include "exray/netscan/target_feed.hpp"
#include "exray/netscan/target_space.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exray::netscan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view rest = text; !rest.empty();) {
    const auto eol = std::min(rest.find('\n'), rest.size());
    (void)parse_listed_target(rest.substr(0, eol));
    rest = eol < rest.size() ? rest.substr(eol + 1) : std::string_view{};
  }
  // First half targets, second half exclusions; names resolve to nothing (no DNS in a fuzzer).
  TargetSpace space;
  const auto half = text.size() / 2;
  (void)space.add_text(text.substr(0, half), "targets", false);
  (void)space.add_text(text.substr(half), "excludes", true);
  auto ok = space.finalize(
      [](const std::string&) -> exray::Result<std::vector<IpAddress>> { return std::vector<IpAddress>{}; });
  if (!ok || space.size() == 0) return 0;
  const ScanOrder order(space.size(), size, Shard{1, 3});
  for (std::uint64_t k = 0; k < order.count() && k < 64; ++k) {
    const auto target = space.at(order.target(k));
    if (space.is_excluded(target.address)) __builtin_trap();  // exclusions always win
  }
  return 0;
}
