// SPDX-License-Identifier: Apache-2.0
// exchange-logs: writes a realistic, deterministic Exchange/IIS evidence tree with planted
// ProxyLogon/ProxyShell lines and near-misses, plus the ground truth of every rule hit, so that
// exray's log hunt can be tested for recall, precision and speed on data of any size.
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "emit.hpp"
#include "plan.hpp"
#include "common/size.hpp"

namespace {

using exlogs::Options;

constexpr std::string_view kUsage =
    "usage: exchange-logs --out DIR [--size BYTES|NK|NM|NG] [--seed N] [--attacks N] [--gzip]\n"
    "  --out DIR      where to write the tree (created; must be empty or absent)\n"
    "  --size SIZE    total bytes of logs, K/M/G are binary multiples (default 20M, at least 100K)\n"
    "  --seed N       the same seed gives the same tree (default 1)\n"
    "  --attacks N    planted attack lines; as many near-misses are planted (default 40)\n"
    "  --gzip         also gzip about 1 in 5 HttpProxy files (<name>.LOG.gz)\n"
    "Writes DIR/ground-truth.jsonl (every rule hit) and DIR/near-misses.jsonl.\n";

struct UsageError {
  std::string message;
};

using tools::parse_number;
using tools::parse_size;

Options parse_args(int argc, char** argv) {
  Options opt;
  bool have_out = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool inline_value = false;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    auto take = [&]() -> std::string_view {
      if (inline_value) return value;
      if (i + 1 >= argc) throw UsageError{fmt::format("{} needs a value", arg)};
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage.data(), stdout);
      std::exit(0);
    } else if (arg == "--out") {
      opt.out = std::string(take());
      have_out = !opt.out.empty();
    } else if (arg == "--size") {
      const auto v = take();
      const auto size = parse_size(v);
      if (!size) throw UsageError{fmt::format("--size: '{}' is not a size (BYTES, NK, NM or NG)", v)};
      if (*size < (100u << 10)) throw UsageError{"--size must be at least 100K"};
      opt.size = *size;
    } else if (arg == "--seed") {
      const auto v = take();
      const auto seed = parse_number(v);
      if (!seed) throw UsageError{fmt::format("--seed: '{}' is not a non-negative integer", v)};
      opt.seed = *seed;
    } else if (arg == "--attacks") {
      const auto v = take();
      const auto n = parse_number(v);
      if (!n || *n > 1'000'000) throw UsageError{fmt::format("--attacks: '{}' is not an integer in 0..1000000", v)};
      opt.attacks = *n;
    } else if (arg == "--gzip" && !inline_value) {
      opt.gzip = true;
    } else {
      throw UsageError{fmt::format("unknown argument '{}'", argv[i])};
    }
  }
  if (!have_out) throw UsageError{"--out DIR is required"};
  std::error_code ec;
  if (std::filesystem::exists(opt.out, ec) &&
      (!std::filesystem::is_directory(opt.out, ec) || !std::filesystem::is_empty(opt.out, ec)))
    throw UsageError{
        fmt::format("--out: '{}' exists and is not an empty directory (stale files would not match "
                    "the ground truth)",
                    opt.out.string())};
  return opt;
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
  Options opt;
  try {
    opt = parse_args(argc, argv);
  } catch (const UsageError& e) {
    fmt::print(stderr, "exchange-logs: {}\n{}", e.message, kUsage);
    return 2;
  }
  try {
    return run(opt);
  } catch (const std::exception& e) {
    fmt::print(stderr, "exchange-logs: error: {}\n", e.what());
    return 1;
  }
}
