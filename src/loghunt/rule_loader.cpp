// SPDX-License-Identifier: Apache-2.0
// rules/logs/*.yaml into Rules. Every key is known or rejected, every error has a position:
// a rule that silently means something else than its author thought is worse than no rule.
#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "common/yaml_reader.hpp"
#include "exray/core/text.hpp"
#include "exray/loghunt/rule.hpp"
#include "exray/match/glob.hpp"
#include "exray/match/pattern_set.hpp"

namespace exray::loghunt {
namespace {

using detail::Reader;
using detail::where_of;

// Shortest literal worth prefiltering on: shorter ones would pick most lines anyway.
constexpr std::size_t kMinLiteral = 3;

Error at(Reader& in, const YAML::Node& node, std::string message) { return in.error(node, std::move(message)); }

// A value or a list of values, as strings.
Result<std::vector<std::string>> one_or_many(Reader& in, const YAML::Node& node, std::string_view key) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      if (!item.IsScalar()) return std::unexpected(at(in, item, fmt::format("'{}' items must be single values", key)));
      out.push_back(item.Scalar());
    }
  } else {
    return std::unexpected(at(in, node, fmt::format("'{}' takes a value or a list of values", key)));
  }
  if (out.empty()) return std::unexpected(at(in, node, fmt::format("'{}' needs at least one value", key)));
  return out;
}

struct OpName {
  std::string_view name;
  Op op;
  bool negated;
};
constexpr OpName kOps[] = {{"glob", Op::glob, false},         {"not_glob", Op::glob, true},
                           {"regex", Op::regex, false},       {"not_regex", Op::regex, true},
                           {"equals", Op::equals, false},     {"in", Op::equals, false},
                           {"not_in", Op::equals, true},      {"contains", Op::contains, false},
                           {"not_contains", Op::contains, true}};
constexpr std::string_view kOpList = "glob, not_glob, regex, not_regex, equals, in, not_in, contains, not_contains";

// `FIELD: {OP: VALUES, …, url_decode: true}` gives one Condition per OP, in the order written.
Result<void> read_conditions(Reader& in, const std::string& field, const YAML::Node& ops,
                             std::vector<Condition>& out) {
  if (!ops.IsMap())
    return std::unexpected(at(in, ops, fmt::format("'{}' takes a mapping of tests, e.g. {{glob: \"a*\"}}", field)));
  bool url_decode = false;
  if (auto flag = ops["url_decode"]) {
    if (!flag.IsScalar() || (flag.Scalar() != "true" && flag.Scalar() != "false"))
      return std::unexpected(at(in, flag, "url_decode is true or false"));
    url_decode = flag.Scalar() == "true";
  }
  const auto first = out.size();
  for (const auto& entry : ops) {
    const auto key = entry.first.Scalar();
    if (key == "url_decode") continue;
    auto op = std::find_if(std::begin(kOps), std::end(kOps), [&](const OpName& o) { return o.name == key; });
    if (op == std::end(kOps))
      return std::unexpected(
          at(in, entry.first, fmt::format("unknown test '{}' (expected one of {})", printable(key), kOpList)));
    auto values = one_or_many(in, entry.second, key);
    if (!values) return std::unexpected(values.error());
    Condition cond{field, op->op, op->negated, url_decode, std::move(*values), {}, in.error(entry.first, "").where};
    if (cond.op == Op::regex) {
      for (std::size_t i = 0; i < cond.values.size(); ++i) {
        auto re = match::Regex::compile(cond.values[i]);
        if (!re) return std::unexpected(at(in, entry.second, re.error().message));
        cond.regexes.push_back(std::move(*re));
      }
    }
    out.push_back(std::move(cond));
  }
  if (out.size() == first) return std::unexpected(at(in, ops, fmt::format("'{}' has no test", field)));
  return {};
}

Result<std::vector<Condition>> read_when(Reader& in, const YAML::Node& node, std::string_view key) {
  std::vector<Condition> out;
  if (!node.IsMap() || node.size() == 0)
    return std::unexpected(at(in, node, fmt::format("'{}' is a mapping of field names to tests", key)));
  for (const auto& entry : node) {
    if (!entry.first.IsScalar() || entry.first.Scalar().empty())
      return std::unexpected(at(in, entry.first, "a field name is a plain word"));
    if (auto ok = read_conditions(in, entry.first.Scalar(), entry.second, out); !ok) return std::unexpected(ok.error());
  }
  return out;
}

// The literals every matching line must contain, from the condition that gives the longest
// guaranteed one. Only plain positive tests qualify: a url-decoded value or one with a quote
// (doubled in CSV) may not appear verbatim in the raw line.
std::vector<std::string> derive_literals(const Rule& rule) {
  std::vector<std::string> best;
  std::size_t best_min = 0;
  for (const auto& cond : rule.when) {
    if (cond.negated || cond.url_decode || cond.op == Op::regex) continue;
    std::vector<std::string> literals;
    std::size_t shortest = SIZE_MAX;
    for (const auto& v : cond.values) {
      std::string literal(cond.op == Op::glob ? match::glob_longest_literal(v) : std::string_view(v));
      if (literal.find('"') != std::string::npos ||
          (rule.logs.test(static_cast<std::size_t>(LogType::iis)) && literal.find(' ') != std::string::npos))
        literal.clear();
      shortest = std::min(shortest, literal.size());
      literals.push_back(std::move(literal));
    }
    if (shortest >= kMinLiteral && shortest > best_min) {
      best = std::move(literals);
      best_min = shortest;
    }
  }
  return best;
}

// Hyperscan compiles a regex into automata whose size can explode with bounded repeats
// (`a{500}{500}` takes minutes and gigabytes): prefilters stay short and their counts small.
std::optional<std::string> prefilter_regex_problem(std::string_view regex) {
  constexpr std::size_t kMaxLength = 256;
  constexpr unsigned long kMaxRepeat = 64;
  if (regex.size() > kMaxLength) return fmt::format("prefilter regex longer than {} bytes", kMaxLength);
  for (std::size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] == '\\') {
      ++i;
      continue;
    }
    if (regex[i] != '{') continue;
    for (std::size_t j = i + 1; j < regex.size() && regex[j] != '}'; ++j)
      if (regex[j] >= '0' && regex[j] <= '9' && std::strtoul(regex.data() + j, nullptr, 10) > kMaxRepeat)
        return fmt::format("prefilter regex repeats more than {} times", kMaxRepeat);
  }
  return std::nullopt;
}

Result<void> read_prefilter(Reader& in, const YAML::Node& node, Rule& rule) {
  if (!node.IsSequence()) return std::unexpected(at(in, node, "'prefilter' is a list of literals or {regex: …}"));
  for (const auto& item : node) {
    if (item.IsScalar()) {
      if (item.Scalar().size() < kMinLiteral)
        return std::unexpected(at(in, item, fmt::format("prefilter literal shorter than {} bytes", kMinLiteral)));
      rule.prefilter_literals.push_back(item.Scalar());
    } else if (item.IsMap() && item.size() == 1 && item["regex"] && item["regex"].IsScalar()) {
      if (auto problem = prefilter_regex_problem(item["regex"].Scalar()))
        return std::unexpected(at(in, item["regex"], *problem));
      const match::Pattern pattern{item["regex"].Scalar(), true, 0};
      if (auto ok = match::PatternSet::compile({&pattern, 1}); !ok)
        return std::unexpected(at(in, item["regex"], ok.error().message));
      rule.prefilter_regexes.push_back(pattern.text);
    } else {
      return std::unexpected(at(in, item, "a prefilter entry is a literal or {regex: …}"));
    }
  }
  return {};
}

Result<void> read_examples(Reader& in, const YAML::Node& node, Rule& rule) {
  if (auto ok = in.only_keys(node, {"match", "no_match"}); !ok) return ok;
  // A rule with one log needs no `log:` in its examples.
  LogType default_log = LogType::text;
  for (std::size_t t = kLogTypeCount; t-- > 0;)
    if (rule.logs.test(t)) default_log = static_cast<LogType>(t);
  for (const auto* key : {"match", "no_match"}) {
    auto list = node[key];
    if (!list) continue;
    if (!list.IsSequence()) return std::unexpected(at(in, list, fmt::format("'{}' is a list of examples", key)));
    for (const auto& item : list) {
      if (!item.IsMap() || item.size() == 0)
        return std::unexpected(at(in, item, "an example is a mapping of field names to values"));
      Example example;
      example.should_match = std::string_view(key) == "match";
      example.where = in.error(item, "").where;
      example.log = default_log;
      for (const auto& entry : item) {
        if (!entry.second.IsScalar())
          return std::unexpected(at(in, entry.second, "example values are single values"));
        const auto& name = entry.first.Scalar();
        const auto& value = entry.second.Scalar();
        if (name == "log") {
          auto type = parse_log_type(value);
          if (!type || !rule.logs.test(static_cast<std::size_t>(*type)))
            return std::unexpected(at(in, entry.second, fmt::format("'{}' is not one of this rule's logs", value)));
          example.log = *type;
        } else if (name == "outcome") {
          if (value != "success" && value != "attempt")
            return std::unexpected(at(in, entry.second, "outcome is 'success' or 'attempt'"));
          if (!rule.success)
            return std::unexpected(at(in, entry.second, "outcome needs the rule to have 'success'"));
          example.outcome = value;
        } else {
          example.fields.emplace_back(name, value);
        }
      }
      if (rule.logs.count() > 1 && !item["log"])
        return std::unexpected(at(in, item, "this rule reads several logs: say which one the example is (log: …)"));
      rule.examples.push_back(std::move(example));
    }
  }
  return {};
}

Result<Rule> read_rule(Reader& in, const YAML::Node& node) {
  if (auto ok = in.only_keys(node, {"id", "title", "why", "kind", "severity", "severity_if_exploited", "confidence",
                                    "cves", "references", "remediation", "logs", "prefilter", "when", "success",
                                    "report", "examples"});
      !ok)
    return std::unexpected(ok.error());
  Rule rule;
  rule.where = in.error(node, "").where;
  std::string kind, severity, raised, confidence;
  for (auto [key, target, required] :
       {std::tuple{"id", &rule.id, true}, {"title", &rule.title, true}, {"why", &rule.why, false},
        {"remediation", &rule.remediation, false}, {"kind", &kind, true}, {"severity", &severity, true},
        {"severity_if_exploited", &raised, false}, {"confidence", &confidence, true}}) {
    auto value = in.scalar(node, key, required);
    if (!value) return std::unexpected(value.error());
    *target = std::string(trim(*value));  // folded YAML scalars (`>`) end in a newline
  }
  const auto valid_id = !rule.id.empty() && std::all_of(rule.id.begin(), rule.id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
  if (!valid_id) return std::unexpected(at(in, node["id"], "an id is lower-case letters, digits, '-', '_' and '.'"));
  auto parsed_kind = parse_finding_kind(kind);
  if (!parsed_kind) return std::unexpected(at(in, node["kind"], parsed_kind.error().message));
  rule.kind = *parsed_kind;
  auto parsed_severity = parse_severity(severity);
  if (!parsed_severity) return std::unexpected(at(in, node["severity"], parsed_severity.error().message));
  rule.severity = *parsed_severity;
  if (!raised.empty()) {
    auto parsed = parse_severity(raised);
    if (!parsed) return std::unexpected(at(in, node["severity_if_exploited"], parsed.error().message));
    rule.severity_if_exploited = *parsed;
  }
  auto parsed_confidence = parse_confidence(confidence);
  if (!parsed_confidence) return std::unexpected(at(in, node["confidence"], parsed_confidence.error().message));
  rule.confidence = *parsed_confidence;

  for (auto [key, target] : {std::pair{"cves", &rule.cves}, {"references", &rule.references}, {"report", &rule.report}}) {
    auto value = in.list(node, key);
    if (!value) return std::unexpected(value.error());
    *target = std::move(*value);
  }
  for (const auto& cve : rule.cves)
    if (!istarts_with(cve, "CVE-") || cve.size() < 13)
      return std::unexpected(at(in, node["cves"], fmt::format("'{}' is not a CVE id (CVE-YYYY-NNNN)", printable(cve))));

  if (!node["logs"]) return std::unexpected(at(in, node, "missing 'logs' (which logs the rule applies to)"));
  auto logs = one_or_many(in, node["logs"], "logs");
  if (!logs) return std::unexpected(logs.error());
  for (const auto& name : *logs) {
    if (name == "files") {
      rule.on_files = true;
    } else if (name == "any") {
      rule.logs.set();
    } else if (auto type = parse_log_type(name)) {
      rule.logs.set(static_cast<std::size_t>(*type));
    } else {
      return std::unexpected(at(in, node["logs"], fmt::format("unknown log '{}' (expected any, files, httpproxy, "
                                                                "ecp_server, oab_generator, exchange, iis, evtx, text)",
                                                                printable(name))));
    }
  }
  if (rule.on_files && rule.logs.any())
    return std::unexpected(at(in, node["logs"], "a rule is about files or about logs, not both"));

  if (!node["when"]) return std::unexpected(at(in, node, "missing 'when' (the conditions)"));
  auto when = read_when(in, node["when"], "when");
  if (!when) return std::unexpected(when.error());
  rule.when = std::move(*when);
  if (auto success = node["success"]) {
    auto conds = read_when(in, success, "success");
    if (!conds) return std::unexpected(conds.error());
    if (conds->size() != 1) return std::unexpected(at(in, success, "'success' is exactly one test"));
    rule.success = std::move(conds->front());
  }
  if (rule.on_files) {
    for (const auto& cond : rule.when)
      if (cond.field != "path" && cond.field != "name" && cond.field != "size")
        return std::unexpected(
            Error{Errc::parse_error, fmt::format("a files rule tests path, name or size, not '{}'", cond.field),
                  cond.where});
  }
  if (auto prefilter = node["prefilter"]) {
    if (auto ok = read_prefilter(in, prefilter, rule); !ok) return std::unexpected(ok.error());
  } else if (!rule.on_files) {
    rule.prefilter_literals = derive_literals(rule);
    if (rule.prefilter_literals.empty())
      return std::unexpected(at(in, node["when"],
                                "no literal to prefilter on: add 'prefilter:' or a glob/equals/contains test with a "
                                "literal of 3+ characters"));
  }
  if (!node["examples"]) return std::unexpected(at(in, node, "missing 'examples' (match and no_match)"));
  if (auto ok = read_examples(in, node["examples"], rule); !ok) return std::unexpected(ok.error());
  const bool has_match = std::any_of(rule.examples.begin(), rule.examples.end(), [](auto& e) { return e.should_match; });
  const bool has_miss = std::any_of(rule.examples.begin(), rule.examples.end(), [](auto& e) { return !e.should_match; });
  if (!has_match || !has_miss)
    return std::unexpected(at(in, node["examples"], "a rule needs at least one match and one no_match example"));
  return rule;
}

}  // namespace

Result<std::vector<Rule>> load_rules(std::string_view text, std::string_view source) {
  Reader in(source, text.size());
  std::vector<Rule> rules;
  std::uint64_t first_line = 0;
  try {
    for (const auto& part : detail::split_yaml_documents(text)) {
      first_line = part.first_line;
      in.set_first_line(first_line);
      const auto document = YAML::Load(std::string(part.text));
      if (document.IsNull()) continue;
      auto rule = read_rule(in, document);
      if (!rule) return std::unexpected(rule.error());
      rules.push_back(std::move(*rule));
    }
  } catch (const YAML::DeepRecursion& e) {
    return fail(Errc::limit_exceeded, "nesting too deep for a rule file", where_of(source, e.mark, first_line));
  } catch (const YAML::Exception& e) {
    return fail(Errc::parse_error, e.msg, where_of(source, e.mark, first_line));
  } catch (const std::bad_alloc&) {
    return fail(Errc::limit_exceeded, "out of memory while reading", Where{std::string(source)});
  }
  if (rules.empty()) return fail(Errc::parse_error, "no rule in this file", Where{std::string(source)});
  return rules;
}

}  // namespace exray::loghunt
