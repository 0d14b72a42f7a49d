// SPDX-License-Identifier: Apache-2.0
// `exray rules list|check|test`: tooling for detection content (built-in and users' rules).
#include <fmt/format.h>

#include <iostream>

#include "context.hpp"
#include "exray/loghunt/rule_examples.hpp"
#include "exray/loghunt/rule_set.hpp"

namespace exray::cli {
namespace {

std::string logs_of(const loghunt::Rule& rule) {
  if (rule.on_files) return "files";
  std::vector<std::string_view> names;
  for (std::size_t t = 0; t < loghunt::kLogTypeCount; ++t)
    if (rule.logs.test(t)) names.push_back(to_string(static_cast<loghunt::LogType>(t)));
  return fmt::format("{}", fmt::join(names, ","));
}

int list(const RuleSources& sources) {
  auto rules = load_log_rules(sources);
  if (!rules) return report_error("rules list", rules.error()), kError;
  for (const auto& r : *rules)
    std::cout << fmt::format("{:<38} {:<8} {:<26} {}\n", r.id, to_string(r.severity), logs_of(r), r.title);
  return kFound;
}

int check(const RuleSources& sources, bool quiet) {
  auto rules = load_log_rules(sources);
  if (!rules) return report_error("rules check", rules.error()), kError;
  const auto count = rules->size();
  auto set = loghunt::RuleSet::compile(std::move(*rules));
  if (!set) return report_error("rules check", set.error()), kError;
  if (!quiet) std::cout << fmt::format("{} rules: ok\n", count);
  return kFound;
}

int test(const RuleSources& sources, bool quiet) {
  auto rules = load_log_rules(sources);
  if (!rules) return report_error("rules test", rules.error()), kError;
  std::size_t examples = 0, failed = 0;
  for (const auto& rule : *rules) {
    auto failures = loghunt::test_examples(rule);
    if (!failures) return report_error("rules test", failures.error()), kError;
    examples += rule.examples.size();
    for (const auto& f : *failures) {
      ++failed;
      std::cerr << fmt::format("exray: rules test: {}:{}:{}: {}: example {}\n", f.where.source, f.where.line,
                               f.where.column, rule.id, f.message);
    }
  }
  if (!quiet || failed)
    std::cout << fmt::format("{} examples of {} rules: {}\n", examples, rules->size(),
                             failed ? fmt::format("{} failed", failed) : std::string("all pass"));
  return failed ? kNothingFound : kFound;
}

}  // namespace

void add_rules_command(CLI::App& app, Context& context) {
  auto* cmd = app.add_subcommand("rules", "Work with detection rules: list, check, test their examples");
  cmd->require_subcommand(1);
  auto sources = std::make_shared<RuleSources>();
  auto* list_cmd = cmd->add_subcommand("list", "List the rules: id, severity, logs, title");
  auto* check_cmd = cmd->add_subcommand("check", "Load and compile the rules; report the first problem with file:line");
  auto* test_cmd = cmd->add_subcommand("test", "Run every rule's match / no_match examples through the engine");
  for (auto* sub : {list_cmd, check_cmd, test_cmd}) sources->add_options(*sub);
  list_cmd->callback([sources, &context] { context.exit_code = list(*sources); });
  check_cmd->callback([sources, &context] { context.exit_code = check(*sources, context.global.quiet); });
  test_cmd->callback([sources, &context] { context.exit_code = test(*sources, context.global.quiet); });
}

}  // namespace exray::cli
