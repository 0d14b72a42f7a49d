// SPDX-License-Identifier: Apache-2.0
// `exray hunt PATH…`: search a server's logs (live or a collected copy) for exploitation.
#include <fmt/format.h>

#include <iostream>

#include "context.hpp"
#include "exray/core/cancel.hpp"
#include "exray/loghunt/hunter.hpp"
#include "exray/report/finding_printer.hpp"

namespace exray::cli {
namespace {

struct HuntArgs {
  std::vector<std::string> paths;
  RuleSources rules;
  bool logs_only = false;
  std::size_t buffer_bytes = std::size_t{1} << 20;
  std::size_t max_line_bytes = std::size_t{16} << 20;
};

// Counts what passes through, so the exit code and summary can tell found / nothing / errors.
class CountingSink final : public FindingSink {
 public:
  explicit CountingSink(FindingSink& next) : next_(next) {}
  void on_finding(const Finding& f) override {
    ++findings;
    next_.on_finding(f);
  }
  void on_error(const Error& e) override {
    ++errors;
    next_.on_error(e);
  }
  void finish() override { next_.finish(); }
  std::uint64_t findings = 0, errors = 0;

 private:
  FindingSink& next_;
};

void print_summary(const loghunt::HuntSummary& s, std::uint64_t findings) {
  std::vector<std::string> types;
  for (std::size_t t = 0; t < loghunt::kLogTypeCount; ++t)
    if (s.logs_by_type[t]) types.push_back(fmt::format("{} {}", to_string(static_cast<loghunt::LogType>(t)), s.logs_by_type[t]));
  const double mb = static_cast<double>(s.bytes) / 1e6;
  const auto size = mb >= 1000 ? fmt::format("{:.2f} GB", mb / 1000) : fmt::format("{:.1f} MB", mb);
  std::cerr << fmt::format("exray hunt: searched {} logs ({}) of {} files: {}, {} lines in {:.2f} s ({:.0f} MB/s)\n",
                           s.logs_searched, fmt::join(types, ", "), s.files_seen, size, s.lines, s.seconds,
                           s.seconds > 0 ? mb / s.seconds : 0.0);
  std::vector<std::string> by_rule;
  for (const auto& [rule, n] : s.findings_by_rule) by_rule.push_back(fmt::format("{} {}", rule, n));
  std::cerr << fmt::format("  findings: {}{}\n", findings, by_rule.empty() ? "" : fmt::format(" ({})", fmt::join(by_rule, ", ")));
  if (s.errors) std::cerr << fmt::format("  errors: {} (each printed above)\n", s.errors);
  if (s.symlinks_skipped) std::cerr << fmt::format("  symbolic links not followed: {}\n", s.symlinks_skipped);
  if (s.special_skipped) std::cerr << fmt::format("  FIFOs, sockets and devices not opened: {}\n", s.special_skipped);
  if (!s.reach.empty()) std::cerr << "  log reach per folder (first day of the oldest and newest file; for event logs, the oldest and newest event):\n";
  for (const auto& r : s.reach) {
    const auto from = r.earliest ? format_date(*r.earliest) : std::string("unknown   ");
    const auto to = r.latest ? format_date(*r.latest) : std::string("unknown   ");
    std::cerr << fmt::format("    {} .. {}  {:<13} {:>5} files  {}\n", from, to, to_string(r.type), r.files, r.folder);
  }
}

int run(const HuntArgs& args, const GlobalOptions& global) {
  auto format = output_format(global);
  if (!format) return report_error("hunt", format.error()), kError;
  auto rules = load_log_rules(args.rules);
  if (!rules) return report_error("hunt", rules.error()), kError;
  auto set = loghunt::RuleSet::compile(std::move(*rules));
  if (!set) return report_error("hunt", set.error()), kError;
  auto output = Output::open(global.output);
  if (!output) return report_error("hunt", output.error()), kError;

  auto printer = report::make_finding_printer(*format, output->stream(), std::cerr);
  CountingSink sink(*printer);
  install_cancel_on_signals();
  loghunt::HuntOptions options;
  options.limits = {args.buffer_bytes, args.max_line_bytes};
  options.threads = global.threads;
  options.logs_only = args.logs_only;
  options.cancel = &process_cancellation();
  auto summary = loghunt::hunt(*set, args.paths, options, sink);
  sink.finish();
  if (!summary) return report_error("hunt", summary.error()), kError;
  if (!output->close())
    return report_error("hunt", Error{Errc::io_error, "could not write the output", Where{global.output}}), kError;
  if (!global.quiet) print_summary(*summary, sink.findings);
  if (process_cancellation().requested()) return kError;
  if (sink.findings > 0) return kFound;
  return sink.errors > 0 ? kError : kNothingFound;
}

}  // namespace

void add_hunt_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<HuntArgs>();
  auto* cmd = app.add_subcommand(
      "hunt", "Search Exchange, IIS and Windows event logs (a server, a triage copy, or files) for exploitation");
  cmd->add_option("path", args->paths, "Exchange install root, evidence folder, log folder or log file")->required();
  cmd->add_flag("--logs-only", args->logs_only, "Only logs: skip the file-path rules (dumps, staged archives)");
  args->rules.add_options(*cmd);
  cmd->add_option("--buffer-size", args->buffer_bytes, "Read buffer in bytes (it grows for long lines)")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--max-line", args->max_line_bytes, "Longest line searched, in bytes; longer ones are reported")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->callback([args, &context] { context.exit_code = run(*args, context.global); });
}

}  // namespace exray::cli
