// SPDX-License-Identifier: Apache-2.0
// exray loghunt: detection rules as data (rules/logs/*.yaml).
//
// A rule names the logs it applies to, the conditions a record must meet (all of them, in
// order), what to report, and examples that must and must not match. load_rules() turns YAML
// text into Rules, rejecting anything it does not understand with file:line:column. Rules are
// evaluated on Records; RuleSet (rule_set.hpp) adds the prefilter that picks which lines to parse.
#pragma once

#include <bitset>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/finding.hpp"
#include "exray/loghunt/log_type.hpp"
#include "exray/loghunt/record.hpp"
#include "exray/match/regex.hpp"

namespace exray::loghunt {

enum class Op : std::uint8_t { glob, regex, equals, contains };

// One test on one field: `field` matches (or, negated, matches none of) `values`.
struct Condition {
  std::string field;
  Op op = Op::equals;
  bool negated = false;
  bool url_decode = false;
  std::vector<std::string> values;    // any one of them
  std::vector<match::Regex> regexes;  // compiled `values` when op == regex
  Where where;
};

struct Example {
  bool should_match = true;
  LogType log = LogType::text;
  std::vector<std::pair<std::string, std::string>> fields;  // in the order written
  std::optional<std::string> outcome;                       // "success" or "attempt"
  Where where;
};

struct Rule {
  std::string id;
  std::string title;
  std::string why;
  FindingKind kind = FindingKind::exploitation;
  Severity severity = Severity::medium;
  std::optional<Severity> severity_if_exploited;  // raised to this when the hunt found exploitation
  Confidence confidence = Confidence::medium;
  std::vector<std::string> cves;
  std::vector<std::string> references;
  std::string remediation;
  std::bitset<kLogTypeCount> logs;  // the logs it applies to
  bool on_files = false;            // applies to file paths instead of log lines
  // What a line must contain for the rule to be worth trying (any one of them): literals, given or
  // derived from the conditions, and regexes (Hyperscan syntax, one line at most).
  std::vector<std::string> prefilter_literals;
  std::vector<std::string> prefilter_regexes;
  std::vector<Condition> when;
  std::optional<Condition> success;  // when present, hits are "success" or "attempt"
  std::vector<std::string> report;
  std::vector<Example> examples;
  Where where;  // where the rule starts
};

// Parses one rule file (one or more YAML documents, one rule each). `source` names the file in
// errors. Fails on the first problem, with its position.
[[nodiscard]] Result<std::vector<Rule>> load_rules(std::string_view text, std::string_view source);

enum class Outcome : std::uint8_t { match, success, attempt };
[[nodiscard]] std::string_view to_string(Outcome outcome) noexcept;

// Evaluates `rule` on `record`. Named regex groups are added to record.captures (they point into
// `arena`, whose elements never move, so it must just outlive the record's use). nullopt: no match.
[[nodiscard]] std::optional<Outcome> evaluate(const Rule& rule, Record& record, std::deque<std::string>& arena);

}  // namespace exray::loghunt
