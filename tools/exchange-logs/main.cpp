// SPDX-License-Identifier: Apache-2.0
// exchange-logs: writes a realistic, deterministic Exchange/IIS evidence tree with planted
// ProxyLogon/ProxyShell lines and near-misses, plus the ground truth of every rule hit, so that
// exray's log hunt can be tested for recall, precision and speed on data of any size.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/cli.hpp"
#include "emit.hpp"
#include "plan.hpp"

namespace {

using exlogs::Options;

// Returns the exit status when the command line says to stop (--help, a usage error).
std::optional<int> parse_args(int argc, char** argv, Options& opt) {
  CLI::App app{
      "exchange-logs: a deterministic Exchange/IIS evidence tree with planted ProxyLogon/ProxyShell lines and\n"
      "near-misses, and the ground truth of every rule hit, for tests and benchmarks of exray hunt",
      "exchange-logs"};
  app.add_option("--out", opt.out, "Where to write the tree (created; must be empty or absent)")
      ->type_name("DIR")
      ->required()
      ->check(tools::fresh_folder());
  app.add_option("--size", opt.size, "Total bytes of logs; K/M/G are binary multiples; at least 100K")
      ->type_name("SIZE")
      ->transform(tools::size())
      ->check(CLI::Validator(
          [](std::string& bytes) { return std::stoull(bytes) < (100u << 10) ? "must be at least 100K" : ""; }, "",
          "at least 100K"))
      ->default_str("20M");
  app.add_option("--seed", opt.seed, "The same seed gives the same tree")
      ->type_name("N")
      ->transform(tools::decimal())
      ->capture_default_str();
  app.add_option("--attacks", opt.attacks, "Planted attack lines; as many near-misses are planted")
      ->type_name("N")
      ->transform(tools::decimal())
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();
  app.add_flag("--gzip", opt.gzip, "Also gzip about 1 in 5 HttpProxy files (<name>.LOG.gz)");
  app.footer("Writes DIR/ground-truth.jsonl (every rule hit) and DIR/near-misses.jsonl.");
  return tools::parse(app, argc, argv, [] {});
}

int run(const Options& opt) {
  const auto started = std::chrono::steady_clock::now();
  const exlogs::Plan plan = exlogs::make_plan(opt);
  const exlogs::Population pop = exlogs::make_population(opt.seed);
  std::vector<exlogs::Record> truth, near;
  exlogs::Totals totals;
  std::uint64_t planted_files = 0, near_files = 0;
  std::filesystem::create_directories(opt.out);
  for (const auto& f : plan.logs) exlogs::emit_log(opt.out, f, pop, truth, near, totals);

  exlogs::Rng rng(opt.seed ^ 0xF11E5ULL);
  for (const auto& p : plan.paths) {
    const auto path = opt.out / p.rel;
    std::filesystem::create_directories(path.parent_path());
    const std::uint64_t size = rng.range(16, 512);
    exlogs::write_small_file(path, size, rng.next());
    totals.bytes += size;
    totals.disk_bytes += size;
    ++totals.files;
    if (!p.rule.empty()) {
      truth.push_back({std::string(p.rule), p.rel, 0});
      ++planted_files;
    } else {
      near.push_back({"near-miss:" + std::string(p.near_miss_of), p.rel, 0});
      ++near_files;
    }
  }
  const std::size_t hits = truth.size();
  exlogs::write_jsonl(opt.out / "ground-truth.jsonl", std::move(truth));
  exlogs::write_jsonl(opt.out / "near-misses.jsonl", std::move(near));

  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(stderr,
             "exchange-logs: {} bytes ({} on disk) in {} files under {}; planted {} lines + {} files ({} rule hits), "
             "near-misses {} lines + {} files; {:.2f} s, {:.0f} MB/s\n",
             totals.bytes, totals.disk_bytes, totals.files, opt.out.string(), totals.planted, planted_files, hits,
             totals.near_misses, near_files, secs, static_cast<double>(totals.bytes) / 1e6 / std::max(secs, 1e-9));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options opt;
    if (const auto status = parse_args(argc, argv, opt)) return *status;
    return run(opt);
  } catch (const std::exception& e) {
    fmt::print(stderr, "exchange-logs: error: {}\n", e.what());
    return 1;
  }
}
