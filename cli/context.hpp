// SPDX-License-Identifier: Apache-2.0
// What every subcommand shares: the global flags, the exit-code convention and output setup.
#pragma once

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/inventory/inventory.hpp"
#include "exray/kb/knowledge_base.hpp"
#include "exray/loghunt/rule.hpp"
#include "exray/report/format.hpp"

namespace exray::cli {

// ripgrep's convention: 0 = something found, 1 = nothing found, 2 = error.
enum ExitCode : int { kFound = 0, kNothingFound = 1, kError = 2 };

struct GlobalOptions {
  std::string format = "text";
  std::string output;    // empty: standard output
  unsigned threads = 0;  // 0: one per core
  bool quiet = false;
  std::vector<std::string> kb_files;
  std::string db;            // --db: the store the run is also written to; empty: none
  std::string command_line;  // argv joined, recorded with each stored run
};

struct Context {
  GlobalOptions global;
  int exit_code = kError;  // each command sets it
};

// `-o FILE` or standard output.
class Output {
 public:
  [[nodiscard]] static Result<Output> open(const std::string& path);
  [[nodiscard]] std::ostream& stream() noexcept { return file_ ? *file_ : std::cout; }
  // False when a write failed (a full disk must not pass for success).
  [[nodiscard]] bool close();

 private:
  std::unique_ptr<std::ofstream> file_;
};

// Prints "exray: <what>: <error>" to stderr.
void report_error(std::string_view what, const Error& error);

// The built-in knowledge base with every `--kb FILE` merged in order.
[[nodiscard]] Result<kb::KnowledgeBase> load_knowledge_base(const GlobalOptions& options);
[[nodiscard]] Result<report::Format> output_format(const GlobalOptions& options);

// The commands that read the store (report, alert, export, serve) need --db; the error names
// what for: "--db URL is required (the store to <purpose>)".
[[nodiscard]] Result<void> require_db(const GlobalOptions& options, std::string_view purpose);
// --since and --until: each a date (the whole day) or an instant, checked here so that a typo is
// not a silent filter.
[[nodiscard]] Result<void> check_period(const inventory::Period& period);

// Where log rules come from: the built-in ones unless switched off, then each --rules path.
struct RuleSources {
  bool builtin = true;
  std::vector<std::string> paths;
  void add_options(CLI::App& cmd);
};
[[nodiscard]] Result<std::vector<loghunt::Rule>> load_log_rules(const RuleSources& sources);

// One function per subcommand file (commands/NAME.cpp): declares its options and callback.
void add_build_command(CLI::App& app, Context& context);
void add_kb_command(CLI::App& app, Context& context);
void add_hunt_command(CLI::App& app, Context& context);
void add_rules_command(CLI::App& app, Context& context);
void add_scan_command(CLI::App& app, Context& context);
void add_quarantine_commands(CLI::App& app, Context& context);  // quarantine, restore
void add_vault_command(CLI::App& app, Context& context);
void add_report_command(CLI::App& app, Context& context);
void add_alert_command(CLI::App& app, Context& context);
void add_export_command(CLI::App& app, Context& context);
void add_serve_command(CLI::App& app, Context& context);
void add_mitigate_command(CLI::App& app, Context& context);

}  // namespace exray::cli
