// SPDX-License-Identifier: Apache-2.0
// Differential: rule text, then a NUL, then data. Whatever the rules, if every rule is gated
// and libyara matches the data, the Hyperscan prefilter must match it too; otherwise exray
// would skip a file YARA flags.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exray/filescan/yara_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exray::filescan;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\0');
  const std::string rules_text(input.substr(0, split));
  const auto bytes = split == std::string_view::npos ? std::string_view{} : input.substr(split + 1);
  const YaraSource source{"fuzz", "<fuzz>", rules_text};
  (void)analyse_yara_rules(std::span(&source, 1));  // must survive any text
  auto rules = YaraRules::compile(std::span(&source, 1), {});
  if (!rules || rules->every_file_needs_yara()) return 0;
  auto scanner = YaraScanner::create(*rules);
  auto scratch = rules->prefilter().make_state();
  if (!scanner || !scratch) return 0;
  auto hits = scanner->scan(bytes, {});
  if (hits && !hits->empty() && !rules->prefilter().may_match(bytes, *scratch)) std::abort();
  return 0;
}
