// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/rule_examples.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "exray/loghunt/log_search.hpp"
#include "exray/loghunt/rule_set.hpp"

namespace exray::loghunt {

namespace {

std::string csv_cell(const std::string& value) {
  if (value.find_first_of(",\"") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string w3c_cell(const std::string& value) {
  if (value.empty()) return "-";
  std::string out = value;
  std::replace(out.begin(), out.end(), ' ', '+');
  return out;
}

std::string field(const Example& example, std::string_view name) {
  for (const auto& [k, v] : example.fields)
    if (k == name) return v;
  return {};
}

}  // namespace

Result<std::string> render_example(const Example& example) {
  std::vector<std::string> names, values;
  for (const auto& [k, v] : example.fields) {
    names.push_back(k);
    values.push_back(v);
  }
  switch (dialect_of(example.log)) {
    case Dialect::exchange_csv: {
      std::vector<std::string> cells;
      for (const auto& v : values) cells.push_back(csv_cell(v));
      return fmt::format("{}\n{}\n", fmt::join(names, ","), fmt::join(cells, ","));
    }
    case Dialect::w3c: {
      std::vector<std::string> cells;
      for (const auto& v : values) cells.push_back(w3c_cell(v));
      return fmt::format("#Fields: {}\n{}\n", fmt::join(names, " "), fmt::join(cells, " "));
    }
    case Dialect::text:
      if (names.size() != 1 || names.front() != "line")
        return fail(Errc::invalid_argument, "an example for a text log is one 'line'", example.where);
      return values.front() + "\n";
    case Dialect::evtx:
      return std::string();
  }
  return std::string();
}

Result<std::vector<ExampleFailure>> test_examples(const Rule& rule) {
  auto set = RuleSet::compile({rule});
  if (!set) return std::unexpected(set.error());
  auto search = LogSearch::create(*set);
  if (!search) return std::unexpected(search.error());
  std::vector<ExampleFailure> failures;
  for (const auto& example : rule.examples) {
    std::vector<Finding> findings;
    if (rule.on_files) {
      FileFacts facts{field(example, "path"), field(example, "name"), 0};
      facts.size = std::strtoull(field(example, "size").c_str(), nullptr, 10);
      findings = search->search_file(facts, "example");
    } else if (example.log == LogType::evtx) {
      EventRecord event;
      event.provider = field(example, "provider");
      event.event_id = static_cast<std::uint32_t>(std::strtoul(field(example, "event_id").c_str(), nullptr, 10));
      event.level = static_cast<std::uint8_t>(std::strtoul(field(example, "level").c_str(), nullptr, 10));
      event.timestamp = field(example, "timestamp");
      event.computer = field(example, "computer");
      event.strings.push_back(field(example, "data"));
      findings = search->search_event(event, "example").findings;
    } else {
      auto text = render_example(example);
      if (!text) return std::unexpected(text.error());
      auto source = memory_byte_source(*text);
      auto result = search->search_lines(*source, example.log, "example");
      if (!result) return std::unexpected(result.error());
      findings = std::move(result->findings);
    }
    const bool matched = !findings.empty();
    if (matched != example.should_match) {
      failures.push_back({example.where, example.should_match ? "should match but does not"
                                                              : "should not match but does"});
      continue;
    }
    if (matched && example.outcome) {
      const auto want = *example.outcome == "success" ? "likely success" : "attempt";
      const auto& fields = findings.front().evidence.fields;
      auto it = std::find_if(fields.begin(), fields.end(), [](const Field& f) { return f.name == "outcome"; });
      const std::string got = it == fields.end() ? "none" : it->value;
      if (got != want)
        failures.push_back({example.where, fmt::format("outcome should be '{}' but is '{}'", want, got)});
    }
  }
  return failures;
}

}  // namespace exray::loghunt
