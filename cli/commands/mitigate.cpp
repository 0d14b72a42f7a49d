// SPDX-License-Identifier: Apache-2.0
// `exray mitigate`: interim blocking rules for the server in front of Exchange, from the
// templates in rules/mitigations/ (built in).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>

#include "context.hpp"
#include "exray/mitigate/mitigation.hpp"

namespace exray::cli {
namespace {

int mitigate_command(const std::string& exploits_arg, const GlobalOptions& global) {
  // --format is the global flag; its default (text) names no server, so it must be given.
  if (global.format == "text")
    return report_error("mitigate",
                        Error{Errc::invalid_argument, "give --format iis, nginx, haproxy or modsecurity", Where{}}),
           kError;
  auto target = mitigate::parse_target(global.format);
  if (!target) return report_error("mitigate", target.error()), kError;
  auto exploits = mitigate::parse_exploits(exploits_arg);
  if (!exploits) return report_error("mitigate", exploits.error()), kError;
  auto text = mitigate::render(*target, *exploits);
  if (!text) return report_error("mitigate", text.error()), kError;
  auto output = Output::open(global.output);
  if (!output) return report_error("mitigate", output.error()), kError;
  output->stream() << *text;
  if (!output->close())
    return report_error("mitigate", Error{Errc::io_error, "could not write the output", Where{global.output}}), kError;
  if (!global.quiet && !global.output.empty())
    std::cerr << fmt::format("exray: mitigate: {} rules written to {}; they are no substitute for the update\n",
                             mitigate::to_string(*target), global.output);
  return kFound;
}

}  // namespace

void add_mitigate_command(CLI::App& app, Context& context) {
  auto* cmd = app.add_subcommand(
      "mitigate",
      "Print interim blocking rules for the server in front of Exchange (--format iis, nginx, haproxy or "
      "modsecurity); no substitute for the security update");
  auto exploits = std::make_shared<std::string>();
  cmd->add_option("--for", *exploits,
                  "Exploits to block: a comma list of proxylogon, proxyshell, proxynotshell, or all")
      ->required();
  cmd->callback([exploits, &context] { context.exit_code = mitigate_command(*exploits, context.global); });
}

}  // namespace exray::cli
