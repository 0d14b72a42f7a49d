// SPDX-License-Identifier: Apache-2.0
#include "context.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "exray/core/time.hpp"
#include "exray/loghunt/builtin_rules.hpp"

namespace exray::cli {

Result<Output> Output::open(const std::string& path) {
  Output output;
  if (path.empty() || path == "-") return output;
  output.file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*output.file_) return fail(Errc::io_error, std::strerror(errno), Where{path});
  return output;
}

bool Output::close() {
  auto& s = stream();
  s.flush();
  const bool ok = static_cast<bool>(s);
  if (file_) file_->close();
  return ok && (!file_ || !file_->fail());
}

void report_error(std::string_view what, const Error& error) {
  std::cerr << fmt::format("exray: {}: {}\n", what, error.to_string());
}

Result<kb::KnowledgeBase> load_knowledge_base(const GlobalOptions& options) {
  auto kb = kb::KnowledgeBase::builtin();
  if (!kb) return kb;
  for (const auto& path : options.kb_files)
    if (auto ok = kb->merge_file(path); !ok) return std::unexpected(ok.error());
  return kb;
}

Result<report::Format> output_format(const GlobalOptions& options) { return report::parse_format(options.format); }

Result<void> require_db(const GlobalOptions& options, std::string_view purpose) {
  if (!options.db.empty()) return {};
  return fail(Errc::invalid_argument, fmt::format("--db URL is required (the store to {})", purpose));
}

Result<void> check_period(const inventory::Period& period) {
  for (const auto& [bound, flag] : {std::pair{&period.since, "--since"}, std::pair{&period.until, "--until"}})
    if (!bound->empty() && !parse_iso_date(*bound) && !parse_timestamp(*bound))
      return fail(Errc::invalid_argument,
                  fmt::format("{} '{}' is not a date (YYYY-MM-DD) or an instant", flag, *bound));
  return {};
}

void RuleSources::add_options(CLI::App& cmd) {
  cmd.add_option("--rules", paths, "Also load the log rules in this folder or file (repeatable)");
  cmd.add_flag("!--no-builtin-rules", builtin, "Leave out the rules built into exray (rules/logs)");
}

Result<std::vector<loghunt::Rule>> load_log_rules(const RuleSources& sources) {
  std::vector<loghunt::Rule> rules;
  if (sources.builtin) {
    auto builtin = loghunt::builtin_rules();
    if (!builtin) return builtin;
    rules = std::move(*builtin);
  }
  for (const auto& path : sources.paths) {
    auto more = loghunt::load_rule_path(path);
    if (!more) return more;
    for (auto& r : *more) rules.push_back(std::move(r));
  }
  if (rules.empty()) return fail(Errc::invalid_argument, "no rules: give --rules or drop --no-builtin-rules");
  return rules;
}

}  // namespace exray::cli
