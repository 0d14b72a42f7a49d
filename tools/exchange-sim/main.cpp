// SPDX-License-Identifier: Apache-2.0
// exchange-sim: a simulated fleet of Exchange servers (and of servers that are not, or that
// misbehave) on every address of 127.0.0.0/8 and ::1, behind one TCP port, for testing and
// benchmarking `exray scan`. `--truth` prints what each address is, which the scanner's
// results are checked against.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access_log.hpp"
#include "address.hpp"
#include "behaviour.hpp"
#include "common/size.hpp"
#include "connection.hpp"
#include "server.hpp"
#include "tls.hpp"
#include "truth.hpp"

namespace {

using namespace exsim;

constexpr std::string_view kUsage =
    "usage: exchange-sim --port P [--seed S] [--threads N] [--access-log FILE]\n"
    "       exchange-sim --truth SPEC... [--seed S]\n"
    "  --port P           serve HTTPS on P for all of 127.0.0.0/8 and [::1] (0: pick a free port;\n"
    "                     prints 'listening on port P' once listening); stops on SIGINT/SIGTERM\n"
    "  --seed S           what each address does is a function of (address, seed) (default 1)\n"
    "  --threads N        server threads, 1..64 (default 2)\n"
    "  --access-log FILE  one JSON line per connection and per request\n"
    "  --truth SPEC...    print the ground truth of each address, one JSON line each, and exit;\n"
    "                     SPEC is an IPv4 address or CIDR inside 127.0.0.0/8, or ::1\n"
    "Connections to any address outside 127.0.0.0/8 and ::1 are reset unread.\n";

struct UsageError {
  std::string message;
};

struct Options {
  std::optional<std::uint16_t> port;
  std::uint64_t seed = 1;
  unsigned threads = 2;
  std::string access_log;
  bool truth = false;
  std::vector<AddressRange> truth_ranges;
};

using tools::parse_number;

Options parse_args(int argc, char** argv) {
  Options opt;
  bool have_threads = false;
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
    } else if (arg == "--port") {
      const auto v = take();
      const auto n = parse_number(v);
      if (!n || *n > 65535) throw UsageError{fmt::format("--port: '{}' is not a port number (0..65535)", v)};
      opt.port = static_cast<std::uint16_t>(*n);
    } else if (arg == "--seed") {
      const auto v = take();
      const auto n = parse_number(v);
      if (!n) throw UsageError{fmt::format("--seed: '{}' is not a non-negative integer", v)};
      opt.seed = *n;
    } else if (arg == "--threads") {
      const auto v = take();
      const auto n = parse_number(v);
      if (!n || *n < 1 || *n > 64) throw UsageError{fmt::format("--threads: '{}' is not an integer in 1..64", v)};
      opt.threads = static_cast<unsigned>(*n);
      have_threads = true;
    } else if (arg == "--access-log") {
      opt.access_log = std::string(take());
      if (opt.access_log.empty()) throw UsageError{"--access-log needs a file name"};
    } else if (arg == "--truth" && !inline_value) {
      opt.truth = true;
      // Every following argument that is not an option is a SPEC.
      while (i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("--")) {
        const auto range = parse_spec(argv[++i]);
        if (!range) throw UsageError{"--truth: " + range.error()};
        opt.truth_ranges.push_back(*range);
      }
    } else {
      throw UsageError{fmt::format("unknown argument '{}'", argv[i])};
    }
  }
  if (opt.truth) {
    if (opt.truth_ranges.empty()) throw UsageError{"--truth needs at least one SPEC"};
    if (opt.port || have_threads || !opt.access_log.empty())
      throw UsageError{"--truth prints and exits: it takes only SPECs and --seed"};
  } else if (!opt.port) {
    throw UsageError{"--port P (or --truth SPEC...) is required"};
  }
  return opt;
}

int run(const Options& opt) {
  auto fleet = Fleet::create(opt.seed);
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
  const int status = serve(ServerOptions{*opt.port, opt.threads}, shared);
  log.reset();  // writes what is buffered
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  try {
    opt = parse_args(argc, argv);
  } catch (const UsageError& e) {
    fmt::print(stderr, "exchange-sim: {}\n{}", e.message, kUsage);
    return 2;
  }
  try {
    return run(opt);
  } catch (const std::exception& e) {
    fmt::print(stderr, "exchange-sim: error: {}\n", e.what());
    return 1;
  }
}
