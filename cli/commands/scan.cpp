// SPDX-License-Identifier: Apache-2.0
// `exray scan`: find Exchange servers on networks the operator may scan, read their builds,
// classify them with the knowledge base and, when asked, run the read-only checks.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "context.hpp"
#include "exray/core/file.hpp"
#include "exray/kb/verdict.hpp"
#include "exray/netscan/resume.hpp"
#include "exray/netscan/scanner.hpp"
#include "exray/report/host_printer.hpp"
#include "recording.hpp"

namespace exray::cli {
namespace {

namespace fs = std::filesystem;
using namespace exray::netscan;

struct ScanArgs {
  std::vector<std::string> targets, target_files, excludes;
  bool from_stdin = false;
  bool dry_run = false;
  std::string ports = "443";
  double rate = 0;
  double per_host_rate = 20;
  unsigned concurrency = 500;
  std::string timeout = "5s";
  std::string shard = "1/1";
  std::optional<std::uint64_t> seed;
  std::string resume;
  std::string probes;
};

// "5s", "1500ms", "2m", or plain seconds.
Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  const double scale = unit.empty() || unit == "s" ? 1000 : unit == "ms" ? 1 : unit == "m" ? 60000 : -1;
  if (ec != std::errc{} || scale < 0 || value <= 0 || value * scale > 3.6e6)
    return fail(Errc::invalid_argument, fmt::format("'{}' is not a duration up to an hour (e.g. 5s, 500ms)", text));
  return std::chrono::milliseconds(static_cast<std::int64_t>(value * scale));
}

Result<TargetSpace> build_space(const ScanArgs& args) {
  TargetSpace space;
  auto ports = parse_ports(args.ports);
  if (!ports) return std::unexpected(ports.error());
  space.set_ports(std::move(*ports));
  for (std::size_t i = 0; i < args.targets.size(); ++i)
    if (auto ok = space.add(args.targets[i], Where{fmt::format("target {}", i + 1)}); !ok)
      return std::unexpected(ok.error());
  for (const auto& file : args.target_files) {
    auto text = read_small_file(file, 256U << 20U);
    if (!text) return std::unexpected(text.error());
    if (auto ok = space.add_text(*text, file, false); !ok) return std::unexpected(ok.error());
  }
  // An exclusion that names an existing file is a list; anything else is an address, CIDR or range.
  for (const auto& exclude : args.excludes) {
    std::error_code ec;
    if (fs::is_regular_file(exclude, ec)) {
      auto text = read_small_file(exclude, 256U << 20U);
      if (!text) return std::unexpected(text.error());
      if (auto ok = space.add_text(*text, exclude, true); !ok) return std::unexpected(ok.error());
    } else if (auto ok = space.exclude(exclude, Where{"--exclude"}); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (auto ok = space.finalize(); !ok) return std::unexpected(ok.error());
  return space;
}

// Prints each host, counts it, and (with --resume) checkpoints after the output is flushed.
class ScanOutput final : public HostSink {
 public:
  ScanOutput(report::HostPrinter& printer, const kb::KnowledgeBase& kb, std::ostream& out, Recording& recording)
      : printer_(printer), kb_(kb), out_(out), recording_(recording) {}

  void resume_into(fs::path state_path, fs::path output_path, ResumeState state) {
    state_path_ = std::move(state_path);
    output_path_ = std::move(output_path);
    state_ = std::move(state);
    progress_ = Progress(state_.next_step, state_.done_after);
  }

  void on_host(std::uint64_t step, const HostResult& result) override {
    std::optional<kb::Assessment> assessment;
    if (result.build)
      if (auto a = kb::assess(kb_, *result.build)) assessment = std::move(*a);
    const kb::Assessment* a = assessment ? &*assessment : nullptr;
    printer_.print(result, a);
    if (recording_.active()) recording_.add(report::host_record(result, a));
    tally_.add(result, a);
    if (state_path_.empty()) return;
    progress_.done(step);
    if (const auto now = std::chrono::steady_clock::now(); now - last_checkpoint_ >= std::chrono::seconds(1)) {
      last_checkpoint_ = now;
      if (auto ok = checkpoint(false); !ok) report_error("scan: cannot save the resume state", ok.error());
    }
  }

  Result<void> checkpoint(bool finished) {
    if (state_path_.empty()) return {};
    out_.flush();
    if (!out_) return fail(Errc::io_error, "could not write the output", Where{output_path_.string()});
    std::error_code ec;
    state_.output_bytes = fs::file_size(output_path_, ec);
    if (ec) return fail(Errc::io_error, ec.message(), Where{output_path_.string()});
    state_.next_step = progress_.next_step();
    state_.done_after = progress_.done_after();
    state_.finished = finished;
    return save_resume_state(state_path_, state_);
  }

  [[nodiscard]] const report::ScanTally& tally() const noexcept { return tally_; }

 private:
  report::HostPrinter& printer_;
  const kb::KnowledgeBase& kb_;
  std::ostream& out_;
  Recording& recording_;
  report::ScanTally tally_;
  fs::path state_path_, output_path_;
  ResumeState state_;
  Progress progress_;
  std::chrono::steady_clock::time_point last_checkpoint_ = std::chrono::steady_clock::now();
};

std::uint64_t default_seed(const std::string& fingerprint) {
  // The same targets give the same order on every machine, so shards agree without --seed.
  std::uint64_t seed = 0;
  std::from_chars(fingerprint.data(), fingerprint.data() + fingerprint.size(), seed, 16);
  return seed;
}

int run(const ScanArgs& args, const GlobalOptions& global) {
  auto fail_with = [](const Error& e) { return report_error("scan", e), kError; };
  if (args.from_stdin == (!args.targets.empty() || !args.target_files.empty()))
    return fail_with(
        Error{Errc::invalid_argument, "give targets (addresses, CIDRs, ranges, names, --targets FILE) or --stdin", {}});
  if (args.from_stdin && !args.resume.empty())
    return fail_with(
        Error{Errc::invalid_argument, "--resume needs targets given as arguments or files, not --stdin", {}});
  if (!args.resume.empty() && (global.output.empty() || global.output == "-"))
    return fail_with(
        Error{Errc::invalid_argument, "--resume needs -o FILE: the output is part of what is resumed", {}});
  auto format = output_format(global);
  if (!format) return fail_with(format.error());
  auto kb = load_knowledge_base(global);
  if (!kb) return fail_with(kb.error());
  auto shard = parse_shard(args.shard);
  if (!shard) return fail_with(shard.error());
  auto timeout = parse_duration(args.timeout);
  if (!timeout) return fail_with(timeout.error());
  auto probes = parse_probes(args.probes);
  if (!probes) return fail_with(probes.error());
  auto space = build_space(args);
  if (!space) return fail_with(space.error());
  const std::uint64_t seed = args.seed.value_or(default_seed(space->fingerprint()));
  const ScanOrder order(space->size(), seed, *shard);

  if (args.dry_run) {  // the exact targets, in scan order, and no traffic
    for (std::uint64_t k = 0; k < order.count(); ++k) {
      const auto t = space->at(order.target(k));
      const auto address = t.address.v6 ? "[" + t.address.to_string() + "]" : t.address.to_string();
      std::cout << address << ':' << t.port << (t.name.empty() ? "" : " " + t.name) << '\n';
    }
    return order.count() > 0 ? kFound : kNothingFound;
  }

  ResumeState state{space->fingerprint(), seed, *shard, 0, {}, 0, false};
  if (!args.resume.empty()) {
    auto loaded = load_resume_state(args.resume);
    if (!loaded) return fail_with(loaded.error());
    if (*loaded) {
      const auto& old = **loaded;
      if (old.targets != state.targets || old.seed != seed || old.shard.index != shard->index ||
          old.shard.count != shard->count)
        return fail_with(Error{Errc::invalid_argument,
                               "this resume state belongs to another scan (targets, ports, seed or shard differ)",
                               Where{args.resume}});
      std::error_code ec;
      const auto size = fs::file_size(global.output, ec);
      if (ec || size < old.output_bytes)
        return fail_with(Error{Errc::invalid_argument,
                               "the output is shorter than the resume state says: it is not this scan's output",
                               Where{global.output}});
      // Records written after the last checkpoint belong to hosts the state does not count: cut them.
      fs::resize_file(global.output, old.output_bytes, ec);
      if (ec) return fail_with(Error{Errc::io_error, ec.message(), Where{global.output}});
      state = old;
    }
  }
  std::unique_ptr<std::ofstream> file;
  if (!global.output.empty() && global.output != "-") {
    const bool appending = state.output_bytes > 0;
    file = std::make_unique<std::ofstream>(global.output,
                                           std::ios::binary | (appending ? std::ios::app : std::ios::trunc));
    if (!*file) return fail_with(Error{Errc::io_error, "cannot open the output", Where{global.output}});
  }
  std::ostream& out = file ? *file : std::cout;
  // A resumed CSV already has its header row.
  auto printer = report::make_host_printer(*format, out, *kb, state.output_bytes == 0);
  auto recording = Recording::start(global, "scan");
  if (!recording) return fail_with(recording.error());
  ScanOutput sink(*printer, *kb, out, *recording);
  if (!args.resume.empty()) sink.resume_into(args.resume, global.output, state);
  if (state.finished) {
    if (!global.quiet) std::cerr << "exray scan: this scan is already complete (" << args.resume << ")\n";
    return kNothingFound;
  }

  ScanOptions options;
  options.threads = global.threads;
  options.concurrency = args.concurrency;
  options.rate = args.rate;
  options.per_host_rate = args.per_host_rate;
  options.connect_timeout = options.tls_timeout = options.request_timeout = *timeout;
  options.probes = std::move(*probes);
  options.cancel = &process_cancellation();
  install_cancel_on_signals();

  std::unique_ptr<TargetFeed> feed;
  StreamFeed* stream = nullptr;
  if (args.from_stdin) {
    auto owned = std::make_unique<StreamFeed>(std::cin, *space);
    stream = owned.get();
    feed = std::move(owned);
  } else {
    feed = std::make_unique<SpaceFeed>(*space, order, state.next_step, state.done_after);
  }
  auto summary = scan(*feed, options, sink);
  if (!summary) return fail_with(summary.error());
  if (auto ok = sink.checkpoint(!summary->cancelled); !ok) return fail_with(ok.error());
  out.flush();
  if (!out) return fail_with(Error{Errc::io_error, "could not write the output", Where{global.output}});
  if (!global.quiet) {
    sink.tally().print(std::cerr, *summary);
    if (stream != nullptr && stream->unreadable_lines() > 0)
      std::cerr << fmt::format("  input lines without an address (skipped): {}\n", stream->unreadable_lines());
  }
  if (!recording->finish(!summary->cancelled, global.quiet)) return kError;
  if (summary->cancelled) return kError;
  return sink.tally().exchange() > 0 ? kFound : kNothingFound;
}

}  // namespace

void add_scan_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ScanArgs>();
  auto* cmd = app.add_subcommand(
      "scan", "Find Exchange servers on networks you are authorised to scan, read their builds and classify them");
  cmd->add_option("target", args->targets, "Address, CIDR (192.0.2.0/24), range (192.0.2.10-20) or host name");
  cmd->add_option("--targets", args->target_files, "A file of targets, one or more per line (# comments)");
  cmd->add_flag("--stdin", args->from_stdin,
                "Read addresses from standard input: ZMap or masscan output (-oL, -oG, -oJ/-oD) or one per line");
  cmd->add_option(
      "--exclude", args->excludes,
      "Never touch these: an address, CIDR, range or a file of them; always wins over targets (repeatable)");
  cmd->add_option("--ports", args->ports, "Ports to scan, comma-separated")->capture_default_str();
  cmd->add_option("--rate", args->rate, "New hosts per second over all threads (0: no limit)")->capture_default_str();
  cmd->add_option("--per-host-rate", args->per_host_rate, "Requests per second to any one host")->capture_default_str();
  cmd->add_option("--concurrency", args->concurrency, "Hosts in flight at once")
      ->check(CLI::Range(1U, 1'000'000U))
      ->capture_default_str();
  cmd->add_option("--timeout", args->timeout, "Limit for connect, for the TLS handshake and for each whole response")
      ->capture_default_str();
  cmd->add_option("--shard", args->shard, "Scan only shard I of N (e.g. 3/8); every shard uses the same order")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the scan order (default: derived from the targets)");
  cmd->add_option("--resume", args->resume,
                  "State file: saved as the scan goes; if it exists, the scan continues where it stopped (needs -o)");
  cmd->add_option("--probe", args->probes,
                  "Opt-in checks that trigger the flaw, read-only: proxylogon, proxyshell, all");
  cmd->add_flag("--dry-run", args->dry_run, "Print the targets in scan order and send nothing");
  cmd->callback([args, &context] { context.exit_code = run(*args, context.global); });
}

}  // namespace exray::cli
