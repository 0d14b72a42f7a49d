// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/rule_set.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace exray::loghunt {

Result<RuleSet> RuleSet::compile(std::vector<Rule> rules) {
  RuleSet set;
  std::map<std::string, const Rule*> by_id;
  for (const auto& rule : rules) {
    auto [it, fresh] = by_id.emplace(rule.id, &rule);
    if (!fresh)
      return fail(Errc::invalid_argument,
                  fmt::format("rule id '{}' is defined twice (first in {} line {})", rule.id, it->second->where.source,
                              it->second->where.line),
                  rule.where);
  }
  set.rules_ = std::move(rules);

  // One id per distinct pattern, shared by every rule that asks for it.
  std::map<std::pair<bool, std::string>, unsigned> ids;
  std::vector<match::Pattern> patterns;
  auto add = [&](bool is_regex, const std::string& text, std::uint32_t rule) {
    auto [it, fresh] = ids.emplace(std::pair{is_regex, text}, static_cast<unsigned>(patterns.size()));
    if (fresh) {
      patterns.push_back({text, is_regex, it->second});
      set.owners_.emplace_back();
    }
    set.owners_[it->second].push_back(rule);
  };
  for (std::uint32_t r = 0; r < set.rules_.size(); ++r) {
    const auto& rule = set.rules_[r];
    if (rule.on_files) set.file_rules_.push_back(r);
    for (const auto& literal : rule.prefilter_literals) add(false, literal, r);
    for (const auto& regex : rule.prefilter_regexes) add(true, regex, r);
  }

  for (std::size_t t = 0; t < kLogTypeCount; ++t) {
    std::vector<match::Pattern> chosen;
    for (const auto& p : patterns) {
      const auto& owners = set.owners_[p.id];
      if (std::any_of(owners.begin(), owners.end(), [&](std::uint32_t r) { return set.rules_[r].logs.test(t); }))
        chosen.push_back(p);
    }
    set.reads_[t] = !chosen.empty();
    const auto dialect = dialect_of(static_cast<LogType>(t));
    if (set.reads_[t] && (dialect == Dialect::exchange_csv || dialect == Dialect::w3c))
      chosen.push_back({"#Fields:", false, kDirectiveId});
    auto compiled = match::PatternSet::compile(chosen);
    if (!compiled) return std::unexpected(compiled.error());
    set.prefilters_[t] = std::move(*compiled);
  }
  return set;
}

void RuleSet::select(LogType type, std::span<const match::PatternMatch> matches, std::vector<std::uint32_t>& out) const {
  out.clear();
  const auto t = static_cast<std::size_t>(type);
  for (const auto& m : matches) {
    if (m.id >= owners_.size()) continue;  // the directive
    for (auto r : owners_[m.id])
      if (rules_[r].logs.test(t)) out.push_back(r);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace exray::loghunt
