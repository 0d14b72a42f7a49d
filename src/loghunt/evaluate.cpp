// SPDX-License-Identifier: Apache-2.0
// Rule evaluation on one record: runs only on lines the prefilter picked, so clarity wins here.
#include <algorithm>

#include "exray/core/text.hpp"
#include "exray/loghunt/rule.hpp"
#include "exray/match/glob.hpp"

namespace exray::loghunt {

namespace {

bool test(const Condition& cond, Record& record, std::deque<std::string>& arena) {
  std::string scratch;
  auto found = record.get(cond.field, scratch);
  if (!found) return false;  // a rule about a field means nothing in a log without it
  std::string_view value = *found;
  if (cond.url_decode) {
    value = arena.emplace_back(url_decode(value));
  } else if (!scratch.empty() && value.data() == scratch.data()) {
    value = arena.emplace_back(std::move(scratch));  // captures may point into it
  }
  bool any = false;
  switch (cond.op) {
    case Op::glob:
      any = std::any_of(cond.values.begin(), cond.values.end(),
                        [&](const std::string& p) { return match::glob_match(p, value); });
      break;
    case Op::equals:
      any = std::any_of(cond.values.begin(), cond.values.end(), [&](const std::string& v) { return iequals(v, value); });
      break;
    case Op::contains:
      any = std::any_of(cond.values.begin(), cond.values.end(),
                        [&](const std::string& v) { return icontains(value, v); });
      break;
    case Op::regex: {
      std::vector<std::string_view> groups;
      for (const auto& re : cond.regexes) {
        if (re.named_groups().empty() || cond.negated) {
          any = re.search(value);
        } else if ((any = re.search(value, groups))) {
          for (const auto& [index, name] : re.named_groups())
            record.captures.push_back({name, groups[static_cast<std::size_t>(index - 1)]});
        }
        if (any) break;
      }
      break;
    }
  }
  return cond.negated ? !any : any;
}

}  // namespace

std::optional<Outcome> evaluate(const Rule& rule, Record& record, std::deque<std::string>& arena) {
  for (const auto& cond : rule.when)
    if (!test(cond, record, arena)) return std::nullopt;
  if (!rule.success) return Outcome::match;
  return test(*rule.success, record, arena) ? Outcome::success : Outcome::attempt;
}

std::string_view to_string(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::match:
      return "match";
    case Outcome::success:
      return "success";
    case Outcome::attempt:
      return "attempt";
  }
  return "?";
}

}  // namespace exray::loghunt
