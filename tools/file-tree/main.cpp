// SPDX-License-Identifier: Apache-2.0
// file-tree: writes a deterministic copy of an Exchange server's C: drive as a triage would take
// it, mostly real benign files (from /usr and the shared benign ASP.NET samples) with real web
// shells and synthetic DearCry files, PST-wrapped shells, an LSASS dump and a disguised archive
// planted among them, and the ground truth of the planted files beside the tree, so that
// exray's file scan can be tested for recall and timed against YARA on data of any size.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/cli.hpp"
#include "plan.hpp"
#include "sources.hpp"
#include "writer.hpp"

namespace {

namespace fs = std::filesystem;
using filetree::Options;

// DIR/../<name of DIR>.ground-truth.jsonl: beside the tree, so that a scan of DIR does not read
// the answers.
fs::path truth_path(const fs::path& out) {
  return out.parent_path() / (out.filename().string() + ".ground-truth.jsonl");
}

// Returns the exit status when the command line says to stop (--help, a usage error).
std::optional<int> parse_args(int argc, char** argv, Options& opt) {
  std::string out, samples;
  CLI::App app{
      "file-tree: a deterministic triage copy of an Exchange server's C: drive with planted web shells, "
      "ransomware and dumps, for file-scan tests and benchmarks",
      "file-tree"};
  app.add_option("--out", out, "Where to write the tree (created; must be empty or absent)")
      ->type_name("DIR")
      ->required()
      ->check(tools::fresh_folder());
  app.add_option("--files", opt.files, "Number of files")->transform(tools::decimal())->capture_default_str();
  app.add_option("--size", opt.size, "Total bytes; K/M/G are binary multiples")
      ->type_name("SIZE")
      ->transform(tools::size())
      ->default_str("5G");
  app.add_option("--seed", opt.seed, "The same seed and sources give the same tree")
      ->transform(tools::decimal())
      ->capture_default_str();
  app.add_option("--samples", samples,
                 "The shared data folder: plants every file of SAMPLES/webshells, puts SAMPLES/benign in the web roots")
      ->check(CLI::ExistingDirectory);
  app.add_option("--benign-source", opt.benign_source, "Folder whose files give the benign bytes")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  opt.threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  app.add_option("--threads", opt.threads, "Writer threads (default: the cores, at most 8)")
      ->transform(tools::decimal());
  app.footer(
      "Writes DIR/../<DIR's name>.ground-truth.jsonl: one {\"path\",\"kind\",\"source\"} per planted file; "
      "\"source\" is the sample's path relative to --samples, or \"synthetic\".\n");
  return tools::parse(app, argc, argv, [&] {
    // Created only once the plan holds, so that a refused --files or --size leaves nothing behind.
    opt.out = fs::weakly_canonical(fs::absolute(out));
    if (!opt.out.has_filename()) opt.out = opt.out.parent_path();  // "DIR/": the truth goes beside DIR, not in it
    opt.benign_source = fs::canonical(opt.benign_source);
    if (!samples.empty()) opt.samples = fs::canonical(samples);
  });
}

int run(const Options& opt) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  std::vector<fs::path> excluded{opt.out, truth_path(opt.out)};
  if (opt.samples) excluded.push_back(*opt.samples);
  const auto sources = filetree::collect_sources(opt.benign_source, opt.samples, excluded);
  const auto walked = Clock::now();
  if (!opt.samples) fmt::print(stderr, "file-tree: no --samples: only synthetic files are planted\n");

  const auto plan = filetree::make_plan(opt, sources);
  fs::create_directories(opt.out);
  const auto stats = filetree::write_tree(opt.out, plan, sources, opt.threads);
  filetree::write_truth(truth_path(opt.out), plan.truth);

  const auto secs = [](auto from, auto to) { return std::chrono::duration<double>(to - from).count(); };
  const double total = secs(started, Clock::now());
  const auto count = [&](std::string_view kind) {
    return std::count_if(plan.truth.begin(), plan.truth.end(), [&](const auto& t) { return t.kind == kind; });
  };
  fmt::print(stderr,
             "file-tree: {} files, {} bytes ({:.2f} GiB), {} folders under {}\n"
             "  planted: {} webshell, {} ransomware, {} credential_dump, {} suspicious_file; ground truth in {}\n"
             "  benign bytes from {} files of {} and {}\n"
             "  {:.2f} s ({:.2f} s walking the sources), {:.0f} MB/s, {:.0f} files/s\n",
             stats.files, stats.bytes, static_cast<double>(stats.bytes) / (1u << 30), stats.folders, opt.out.string(),
             count("webshell"), count("ransomware"), count("credential_dump"), count("suspicious_file"),
             truth_path(opt.out).string(), sources.files.size(), opt.benign_source.string(),
             opt.samples ? opt.samples->string() : std::string("no samples"), total, secs(started, walked),
             static_cast<double>(stats.bytes) / 1e6 / std::max(total, 1e-9),
             static_cast<double>(stats.files) / std::max(total, 1e-9));
  if (stats.unreadable != 0)
    fmt::print(stderr,
               "file-tree: warning: {} source files could not be read in full since the walk; pseudo-random bytes "
               "stand in for them, so this tree will not be reproduced byte for byte\n",
               stats.unreadable);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options opt;
    if (const auto status = parse_args(argc, argv, opt)) return *status;
    return run(opt);
  } catch (const std::invalid_argument& e) {  // --files and --size cannot be met
    fmt::print(stderr, "file-tree: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "file-tree: error: {}\n", e.what());
    return 1;
  }
}
