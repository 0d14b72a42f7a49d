// SPDX-License-Identifier: Apache-2.0
// exchange-sim: a simulated fleet of Exchange servers (and of servers that are not, or that
// misbehave) on every address of 127.0.0.0/8 and ::1, behind one TCP port, for testing and
// benchmarking `exray scan`. `--truth` prints what each address is, which the scanner's
// results are checked against.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access_log.hpp"
#include "address.hpp"
#include "behaviour.hpp"
#include "common/cli.hpp"
#include "connection.hpp"
#include "server.hpp"
#include "tls.hpp"
#include "truth.hpp"

namespace {

using namespace exsim;

struct Options {
  std::uint16_t port = 0;
  std::uint64_t seed = 1;
  std::uint64_t epoch = 0;
  unsigned threads = 2;
  std::string access_log;
  bool truth = false;
  std::vector<std::string> truth_specs;
  std::vector<AddressRange> truth_ranges;
};

// Returns the exit status when the command line says to stop (--help, a usage error).
std::optional<int> parse_args(int argc, char** argv, Options& opt) {
  CLI::App app{
      "exchange-sim: a simulated fleet of Exchange servers (and of servers that are not, or that misbehave) on\n"
      "every address of 127.0.0.0/8 and ::1, behind one HTTPS port, for testing exray scan.\n"
      "  exchange-sim --port P [--seed S] [--epoch E] [--threads N] [--access-log FILE]\n"
      "  exchange-sim --truth SPEC... [--seed S] [--epoch E]",
      "exchange-sim"};
  auto* port = app.add_option("--port", opt.port,
                              "Serve HTTPS on P for all of 127.0.0.0/8 and [::1] (0: pick a free port; prints "
                              "'listening on port P' once listening); stops on SIGINT/SIGTERM")
                   ->type_name("P")
                   ->transform(tools::decimal())
                   ->check(CLI::Range(0, 65535));
  app.add_option("--seed", opt.seed, "What each address does is a function of (address, seed)")
      ->type_name("S")
      ->transform(tools::decimal())
      ->capture_default_str();
  app.add_option("--epoch", opt.epoch, "0: the fleet as deployed; 1 or more: after a round of patching (below)")
      ->type_name("E")
      ->transform(tools::decimal())
      ->capture_default_str();
  auto* threads = app.add_option("--threads", opt.threads, "Server threads")
                      ->type_name("N")
                      ->transform(tools::decimal())
                      ->check(CLI::Range(1, 64))
                      ->capture_default_str();
  auto* access_log = app.add_option("--access-log", opt.access_log, "One JSON line per connection and per request")
                         ->type_name("FILE")
                         ->check(tools::non_empty());
  // Takes every following argument that is not an option: `--truth 127.1.0.0/24 ::1 --seed 3`.
  auto* truth = app.add_option("--truth", opt.truth_specs,
                               "Print the ground truth of each address, one JSON line each, and exit; SPEC is an "
                               "IPv4 address or CIDR inside 127.0.0.0/8, or ::1")
                    ->type_name("SPEC")
                    ->check(CLI::Validator(
                        [](std::string& spec) {
                          const auto range = parse_spec(spec);
                          return range ? std::string() : range.error();
                        },
                        "", "spec"));
  truth->excludes(port)->excludes(threads)->excludes(access_log);
  app.footer(
      "Connections to any address outside 127.0.0.0/8 and ::1 are reset unread.\n"
      "Epochs model two scans of one fleet with patching in between: at --epoch 1 (or any higher epoch, all\n"
      "the same) about a third of the Exchange hosts whose build is older than the newest security update of\n"
      "their CU run that update instead; every other host, and everything else about those, is as at epoch 0.");
  return tools::parse(app, argc, argv, [&] {
    opt.truth = truth->count() > 0;
    if (!opt.truth && port->count() == 0) throw CLI::RequiredError("--port P (or --truth SPEC...)");
    for (const auto& spec : opt.truth_specs) opt.truth_ranges.push_back(*parse_spec(spec));  // checked above
  });
}

int run(const Options& opt) {
  auto fleet = Fleet::create(opt.seed, opt.epoch);
  if (!fleet) {
    fmt::print(stderr, "exchange-sim: error: {}\n", fleet.error());
    return 1;
  }
  if (opt.truth) {
    write_truth(stdout, *fleet, opt.truth_ranges);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  auto tls = TlsContexts::create();
  if (!tls) {
    fmt::print(stderr, "exchange-sim: error: {}\n", tls.error());
    return 1;
  }
  std::unique_ptr<AccessLog> log;
  if (!opt.access_log.empty()) {
    auto opened = AccessLog::open(opt.access_log);
    if (!opened) {
      fmt::print(stderr, "exchange-sim: error: {}\n", opened.error());
      return 1;
    }
    log = std::move(*opened);
  }
  ServeContext shared{&*fleet, &*tls, log.get(), make_huge_headers()};
  const int status = serve(ServerOptions{opt.port, opt.threads}, shared);
  log.reset();  // writes what is buffered
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options opt;
    if (const auto status = parse_args(argc, argv, opt)) return *status;
    return run(opt);
  } catch (const std::exception& e) {
    fmt::print(stderr, "exchange-sim: error: {}\n", e.what());
    return 1;
  }
}
