// SPDX-License-Identifier: Apache-2.0
// The `exray` executable: global flags, then one subcommand (cli/commands/*.cpp).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "context.hpp"
#include "exray/core/cancel.hpp"
#include "version.hpp"

namespace {

// The command line is stored with each run: a password in a postgresql:// URL must not be.
std::string without_password(std::string arg) {
  const auto scheme = arg.find("://");
  if (scheme == std::string::npos) return arg;
  const auto at = arg.find('@', scheme);
  const auto colon = arg.find(':', scheme + 3);
  if (at != std::string::npos && colon < at) arg.replace(colon + 1, at - colon - 1, "***");
  return arg;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace exray::cli;
  exray::install_cancel_on_signals();
  // exray writes through iostreams only; unsynced, reading stdin a byte at a time is cheap.
  std::ios::sync_with_stdio(false);
  Context context;
  CLI::App app{
      "exray: find exposed and compromised Microsoft Exchange servers, from the build number to "
      "the web shell.",
      "exray"};
  app.set_version_flag("--version", std::string("exray ") + kVersion);
  app.require_subcommand(1);
  // Usage errors read like every other error: "exray: <what>", then where to find help.
  app.failure_message(
      [](const CLI::App* a, const CLI::Error& e) { return "exray: " + CLI::FailureMessage::simple(a, e); });
  // Global flags may come before or after the subcommand.
  app.fallthrough();
  auto& g = context.global;
  app.add_option("--format", g.format,
                 "Output format: text, jsonl or csv (mitigate: iis, nginx, haproxy or modsecurity)")
      ->capture_default_str();
  app.add_option("-o,--output", g.output, "Write output to FILE instead of standard output");
  app.add_option("--threads", g.threads, "Worker threads for the engines (0: one per core; `build` uses one)")
      ->capture_default_str();
  app.add_flag("-q,--quiet", g.quiet, "Print no summary or progress on standard error");
  app.add_option("--kb", g.kb_files,
                 "Merge a knowledge-base file (our YAML, or Microsoft's ExchangeBuildNumbers.csv) over the "
                 "built-in one; repeatable")
      ->allow_extra_args(false)  // one file per --kb, so `--kb f 15.1.2176.9` leaves the build alone
      ->check(CLI::ExistingFile);
  app.add_option("--db", g.db,
                 "Also keep the run in a store: sqlite:PATH (or a path; created if missing) or postgresql://…");
  for (int i = 0; i < argc; ++i) g.command_line += (i == 0 ? "" : " ") + without_password(argv[i]);

  add_build_command(app, context);
  add_kb_command(app, context);
  add_hunt_command(app, context);
  add_rules_command(app, context);
  add_scan_command(app, context);
  add_quarantine_commands(app, context);
  add_vault_command(app, context);
  add_report_command(app, context);
  add_alert_command(app, context);
  add_export_command(app, context);
  add_serve_command(app, context);
  add_mitigate_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kError;
  } catch (const std::exception& e) {
    std::cerr << "exray: internal error: " << e.what() << '\n';
    return kError;
  }
  return context.exit_code;
}
