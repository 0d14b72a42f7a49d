// SPDX-License-Identifier: Apache-2.0
// Line logs (Exchange CSV, IIS W3C, text) through the whole engine: sniffing, the streaming
// searcher, the parsers and every built-in rule. Differential: a 16-byte buffer must give exactly
// the findings of a 1 MiB one, so buffer-boundary bugs show up as crashes here.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exray/loghunt/builtin_rules.hpp"
#include "exray/loghunt/formats.hpp"
#include "exray/loghunt/log_search.hpp"

namespace {

using namespace exray::loghunt;

const RuleSet& rules() {
  static const RuleSet set = [] {
    auto s = builtin_rule_set();
    if (!s) std::abort();
    return std::move(*s);
  }();
  return set;
}

std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> run(std::string_view text, LogType type,
                                                                       SearchLimits limits) {
  auto search = LogSearch::create(rules(), limits);
  if (!search) std::abort();
  auto source = memory_byte_source(text);
  auto result = search->search_lines(*source, type, "fuzz");
  std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> out;
  if (!result) return out;
  for (const auto& f : result->findings) {
    if (f.evidence.line == 0 || f.evidence.line > result->stats.lines + 1) std::abort();
    out.emplace_back(f.rule.id, f.evidence.line, f.evidence.offset);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)sniff_log_type(text.substr(0, 8192), "/Logging/HttpProxy/Owa/x.log");
  (void)sniff_first_date(text.substr(0, 8192));
  // The first byte picks the format, so every parser sees every input shape.
  constexpr LogType kTypes[] = {LogType::httpproxy, LogType::ecp_server, LogType::oab_generator,
                                LogType::exchange, LogType::iis, LogType::text};
  const auto type = kTypes[data[0] % std::size(kTypes)];
  const auto big = run(text, type, SearchLimits{1 << 20, 1 << 20});
  const auto tiny = run(text, type, SearchLimits{16, 1 << 20});
  if (big != tiny) std::abort();
  (void)run(text, type, SearchLimits{16, 64});  // over-long lines skipped, never buffered
  return 0;
}
