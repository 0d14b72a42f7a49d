// SPDX-License-Identifier: Apache-2.0
// `exray hunt PATH…`: search a server (live, or a collected copy) for exploitation in its logs and
// for web shells, ransomware and dumps on its disk.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "exray/core/cancel.hpp"
#include "exray/core/time.hpp"
#include "exray/filescan/file_scanner.hpp"
#include "exray/loghunt/hunter.hpp"
#include "exray/report/finding_printer.hpp"
#include "exray/vault/vault.hpp"
#include "exray/walk/walker.hpp"
#include "recording.hpp"

namespace exray::cli {
namespace {

struct HuntArgs {
  std::vector<std::string> paths;
  RuleSources rules;
  bool logs_only = false;
  bool files_only = false;
  std::size_t buffer_bytes = std::size_t{1} << 20;
  std::size_t max_line_bytes = std::size_t{16} << 20;
  // file scanning
  std::vector<std::string> yara_paths, yara_defines, ioc_paths, allow_paths;
  bool builtin_yara = true, builtin_iocs = true;
  std::uint64_t max_file_bytes = std::uint64_t{256} << 20;
  std::string written_since;
  std::string host;  // --host: the server the files and logs came from
  // walking
  walk::WalkOptions walk;
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

// Findings also go to the store (--db), as the records JSON Lines prints; with --host, every
// finding names the server it was found on, so reports and alerts can place it.
class RecordingSink final : public FindingSink {
 public:
  RecordingSink(FindingSink& next, Recording& recording, std::string host)
      : next_(next), recording_(recording), host_(std::move(host)) {}
  void on_finding(const Finding& f) override {
    if (host_.empty() || !f.host.name.empty() || !f.host.address.empty()) return pass(f);
    Finding stamped = f;
    stamped.host.name = host_;
    pass(stamped);
  }
  void on_error(const Error& e) override { next_.on_error(e); }
  void finish() override { next_.finish(); }

 private:
  void pass(const Finding& f) {
    if (recording_.active()) recording_.add(report::finding_record(f));
    next_.on_finding(f);
  }
  FindingSink& next_;
  Recording& recording_;
  std::string host_;
};

std::string size_text(double bytes) {
  const double mb = bytes / 1e6;
  return mb >= 1000 ? fmt::format("{:.2f} GB", mb / 1000) : fmt::format("{:.1f} MB", mb);
}

std::string per_rule(const std::map<std::string, std::uint64_t>& counts) {
  std::vector<std::string> parts;
  for (const auto& [rule, n] : counts) parts.push_back(fmt::format("{} {}", rule, n));
  return parts.empty() ? "" : fmt::format(" ({})", fmt::join(parts, ", "));
}

// The first JSON Lines record: what was hunted, so `exray quarantine --from` knows the folders
// it may act in and what relative paths in findings are relative to.
std::string run_record(const std::vector<std::string>& paths) {
  nlohmann::ordered_json j;
  j["schema"] = kFindingSchemaVersion;
  j["type"] = "run";
  j["command"] = "hunt";
  std::error_code ec;
  j["cwd"] = std::filesystem::current_path(ec).string();
  auto roots = nlohmann::ordered_json::array();
  for (const auto& p : paths) {
    const auto absolute = std::filesystem::absolute(p, ec);
    roots.push_back((ec ? std::filesystem::path(p) : absolute.lexically_normal()).string());
  }
  j["roots"] = std::move(roots);
  j["started"] = format_iso8601(now());
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void print_walk(const walk::WalkSummary& w) {
  std::cerr << fmt::format("exray hunt: walked {} files in {} folders\n", w.files, w.folders);
  if (w.symlinks_skipped) std::cerr << fmt::format("  symbolic links not followed: {}\n", w.symlinks_skipped);
  if (w.special_skipped) std::cerr << fmt::format("  FIFOs, sockets and devices not opened: {}\n", w.special_skipped);
  if (w.excluded) std::cerr << fmt::format("  left out by --include/--exclude: {}\n", w.excluded);
  if (w.too_deep) std::cerr << fmt::format("  folders below --max-depth, not entered: {}\n", w.too_deep);
  if (w.marked_skipped) std::cerr << fmt::format("  exray vaults, not hunted: {}\n", w.marked_skipped);
}

void print_logs(const loghunt::HuntSummary& s) {
  std::vector<std::string> types;
  for (std::size_t t = 0; t < loghunt::kLogTypeCount; ++t)
    if (s.logs_by_type[t])
      types.push_back(fmt::format("{} {}", to_string(static_cast<loghunt::LogType>(t)), s.logs_by_type[t]));
  const double mb = static_cast<double>(s.bytes) / 1e6;
  std::cerr << fmt::format("  logs: searched {} ({}): {}, {} lines in {:.2f} s ({:.0f} MB/s)\n", s.logs_searched,
                           fmt::join(types, ", "), size_text(static_cast<double>(s.bytes)), s.lines, s.seconds,
                           s.seconds > 0 ? mb / s.seconds : 0.0);
  std::uint64_t n = 0;
  for (const auto& [rule, count] : s.findings_by_rule) n += count;
  std::cerr << fmt::format("  log and path findings: {}{}\n", n, per_rule(s.findings_by_rule));
  if (!s.reach.empty())
    std::cerr << "  log reach per folder (first day of the oldest and newest file; for event logs, the oldest and "
                 "newest event):\n";
  for (const auto& r : s.reach) {
    const auto from = r.earliest ? format_date(*r.earliest) : std::string("unknown   ");
    const auto to = r.latest ? format_date(*r.latest) : std::string("unknown   ");
    std::cerr << fmt::format("    {} .. {}  {:<13} {:>5} files  {}\n", from, to, to_string(r.type), r.files, r.folder);
  }
}

void print_files(const filescan::FileScanSummary& s) {
  const double mb = static_cast<double>(s.bytes) / 1e6;
  std::cerr << fmt::format("  files: scanned {} ({}) in {:.2f} s ({:.0f} MB/s, {:.0f} files/s); {} went through YARA\n",
                           s.files, size_text(static_cast<double>(s.bytes)), s.seconds,
                           s.seconds > 0 ? mb / s.seconds : 0.0,
                           s.seconds > 0 ? static_cast<double>(s.files) / s.seconds : 0.0, s.yara_files);
  if (s.too_large) std::cerr << fmt::format("  files over --max-size, only name and head checked: {}\n", s.too_large);
  if (s.allowlisted) std::cerr << fmt::format("  files on an allowlist, not reported: {}\n", s.allowlisted);
  if (s.encrypted) std::cerr << fmt::format("  files encrypted by DearCry: {}\n", s.encrypted);
  std::uint64_t n = 0;
  for (const auto& [rule, count] : s.findings_by_rule) n += count;
  std::cerr << fmt::format("  file findings: {}{}\n", n, per_rule(s.findings_by_rule));
}

Result<filescan::IocSet> load_iocs(const std::vector<std::string>& paths, bool builtin) {
  filescan::IocSet set;
  if (builtin) {
    auto shipped = filescan::builtin_iocs();
    if (!shipped) return std::unexpected(shipped.error());
    set = std::move(*shipped);
  }
  for (const auto& path : paths) {
    auto file = filescan::read_ioc_file(path);
    if (!file) return std::unexpected(file.error());
    set.add(*file);
  }
  return set;
}

Result<filescan::FileScanner> make_file_scanner(const HuntArgs& args, bool quiet) {
  std::vector<filescan::YaraSource> sources;
  if (args.builtin_yara) sources = filescan::builtin_yara_sources();
  for (const auto& path : args.yara_paths) {
    auto more = filescan::load_yara_path(path);
    if (!more) return std::unexpected(more.error());
    for (auto& s : *more) sources.push_back(std::move(s));
  }
  filescan::YaraOptions yara_options;
  for (const auto& d : args.yara_defines) {
    auto define = filescan::parse_yara_define(d);
    if (!define) return std::unexpected(define.error());
    yara_options.defines.push_back(std::move(*define));
  }
  auto rules = filescan::YaraRules::compile(sources, yara_options);
  if (!rules) return std::unexpected(rules.error());
  if (!quiet) {
    for (const auto& w : rules->warnings()) std::cerr << "exray: warning: YARA: " << w << '\n';
    if (rules->every_file_needs_yara()) {
      const auto& first = rules->ungated().front();
      std::cerr << fmt::format(
          "exray: note: {} YARA rule(s) cannot be prefiltered (first: {} — {}), so every file goes through YARA\n",
          rules->ungated().size(), first.rule, first.why_not);
    }
  }
  auto iocs = load_iocs(args.ioc_paths, args.builtin_iocs);
  if (!iocs) return std::unexpected(iocs.error());
  auto allow = load_iocs(args.allow_paths, false);
  if (!allow) return std::unexpected(allow.error());
  return filescan::FileScanner(std::move(*rules), std::move(*iocs), std::move(*allow));
}

int run(HuntArgs& args, const GlobalOptions& global) {
  if (args.logs_only && args.files_only) {
    report_error("hunt", Error{Errc::invalid_argument, "--logs-only and --files-only exclude each other", {}});
    return kError;
  }
  auto format = output_format(global);
  if (!format) return report_error("hunt", format.error()), kError;
  auto rules = load_log_rules(args.rules);
  if (!rules) return report_error("hunt", rules.error()), kError;
  auto set = loghunt::RuleSet::compile(std::move(*rules));
  if (!set) return report_error("hunt", set.error()), kError;
  std::optional<filescan::FileScanner> scanner;
  if (!args.logs_only) {
    auto made = make_file_scanner(args, global.quiet);
    if (!made) return report_error("hunt", made.error()), kError;
    scanner.emplace(std::move(*made));
  }
  filescan::FileScanOptions file_options;
  if (!args.written_since.empty()) {
    auto since = parse_timestamp(args.written_since);
    if (!since) return report_error("hunt", since.error()), kError;
    file_options.heuristics.written_since = *since;
  }
  auto output = Output::open(global.output);
  if (!output) return report_error("hunt", output.error()), kError;

  if (*format == report::Format::jsonl) output->stream() << run_record(args.paths) << '\n';
  auto recording = Recording::start(global, "hunt");
  if (!recording) return report_error("hunt", recording.error()), kError;
  auto printer = report::make_finding_printer(*format, output->stream(), std::cerr);
  RecordingSink recorded(*printer, *recording, args.host);
  CountingSink sink(recorded);
  install_cancel_on_signals();
  args.walk.threads = global.threads;
  args.walk.skip_marker = vault::kVaultMarker;
  args.walk.cancel = &process_cancellation();
  walk::WalkSummary walked;
  auto files = walk::walk(args.paths, args.walk, sink, walked);

  loghunt::HuntOptions options;
  options.limits = {args.buffer_bytes, args.max_line_bytes};
  options.threads = global.threads;
  options.logs_only = args.logs_only;
  options.search_logs = !args.files_only;
  options.cancel = &process_cancellation();
  auto logs = loghunt::hunt_files(*set, files, options, sink);
  if (!logs) return sink.finish(), report_error("hunt", logs.error()), kError;

  std::optional<filescan::FileScanSummary> scanned;
  std::size_t logs_left = 0;
  if (scanner) {
    // Structured logs were searched line by line with the log rules; every other file is scanned.
    // Moved, not copied: the log hunt is done with the list.
    std::vector<walk::FileEntry> rest;
    for (std::size_t i = 0; i < files.size(); ++i)
      if (!logs->read_as_log[i]) rest.push_back(std::move(files[i]));
    logs_left = files.size() - rest.size();
    files = {};
    file_options.max_file_bytes = args.max_file_bytes;
    file_options.threads = global.threads;
    file_options.cancel = &process_cancellation();
    auto result = filescan::scan_files(*scanner, rest, file_options, sink);
    if (!result) return sink.finish(), report_error("hunt", result.error()), kError;
    scanned = std::move(*result);
  }
  sink.finish();
  if (!output->close())
    return report_error("hunt", Error{Errc::io_error, "could not write the output", Where{global.output}}), kError;
  if (!global.quiet) {
    print_walk(walked);
    if (!args.files_only || !logs->findings_by_rule.empty()) print_logs(*logs);
    if (args.files_only && logs_left)
      std::cerr << fmt::format("  structured logs left to the log search (not file-scanned): {}\n", logs_left);
    if (scanned) print_files(*scanned);
    if (sink.errors) std::cerr << fmt::format("  errors: {} (each printed above)\n", sink.errors);
  }
  if (!recording->finish(!process_cancellation().requested(), global.quiet)) return kError;
  if (process_cancellation().requested()) return kError;
  if (sink.findings > 0) return kFound;
  return sink.errors > 0 ? kError : kNothingFound;
}

}  // namespace

void add_hunt_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<HuntArgs>();
  auto* cmd = app.add_subcommand(
      "hunt", "Search a server or a triage copy: logs for exploitation, files for web shells, ransomware and dumps");
  cmd->add_option("path", args->paths, "Exchange install root, drive, evidence folder, log folder or file")->required();
  cmd->add_flag("--logs-only", args->logs_only, "Only logs: no file scan and no file-path rules");
  cmd->add_flag("--files-only", args->files_only, "Only files: do not search logs");
  args->rules.add_options(*cmd);
  cmd->add_option("--buffer-size", args->buffer_bytes, "Log read buffer in bytes (it grows for long lines)")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--max-line", args->max_line_bytes, "Longest log line searched, in bytes; longer ones are reported")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--yara", args->yara_paths, "Add a YARA rule file or folder (*.yar, *.yara); repeatable");
  cmd->add_flag("!--no-builtin-yara", args->builtin_yara, "Leave out exray's own YARA rules");
  cmd->add_option("--yara-define", args->yara_defines,
                  "Set a YARA external variable, NAME=VALUE (integer, true/false or text); repeatable");
  cmd->add_option("--ioc", args->ioc_paths,
                  "Add a hash list: CSV with a hash column, MSTIC JSON, Loki hash;comment, STIX 2.1, one per line");
  cmd->add_flag("!--no-builtin-iocs", args->builtin_iocs, "Leave out exray's own hash list");
  cmd->add_option("--allowlist", args->allow_paths, "Known-good hash list: files on it are not reported");
  cmd->add_option("--max-size", args->max_file_bytes,
                  "Largest file whose content is scanned (e.g. 256MB); larger ones are reported and only their "
                  "name and head checked")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::uint64_t{1}, (std::uint64_t{4} << 30) - 1))  // Hyperscan scans < 4 GiB at once
      ->capture_default_str();
  cmd->add_option("--host", args->host,
                  "The server these files and logs came from (a name or address), recorded in each finding that "
                  "names none: reports and alerts place findings by it");
  cmd->add_option("--written-since", args->written_since,
                  "Report scripts in Exchange web roots written at or after this time (e.g. 2021-01-01)");
  cmd->add_option("--max-depth", args->walk.max_depth, "Deepest folder level entered below each path")
      ->capture_default_str();
  cmd->add_flag("--follow-symlinks", args->walk.follow_symlinks,
                "Follow symbolic links (never into a loop); by default they are counted, not followed");
  cmd->add_option("--include", args->walk.include, "Only files whose path (from the root, with /) matches this glob");
  cmd->add_option("--exclude", args->walk.exclude, "Leave out files and folders whose path matches this glob");
  cmd->callback([args, &context] { context.exit_code = run(*args, context.global); });
}

}  // namespace exray::cli
