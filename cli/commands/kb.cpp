// SPDX-License-Identifier: Apache-2.0
// `exray kb`: maintain the knowledge base: convert Microsoft's build table, check KB files.
#include <fmt/format.h>

#include <iostream>
#include <string>

#include "context.hpp"
#include "exray/core/file.hpp"
#include "exray/kb/microsoft_csv.hpp"

namespace exray::cli {
namespace {

int convert(const std::string& csv_path, const GlobalOptions& global) {
  auto text = read_small_file(csv_path);
  if (!text) return report_error("kb convert", text.error()), kError;
  auto rows = kb::parse_microsoft_csv(*text, csv_path);
  if (!rows) return report_error("kb convert", rows.error()), kError;
  auto output = Output::open(global.output);
  if (!output) return report_error("kb convert", output.error()), kError;
  output->stream() << kb::to_builds_yaml(*rows, "Microsoft ExchangeBuildNumbers.csv");
  if (!output->close())
    return report_error("kb convert", Error{Errc::io_error, "could not write the output", Where{global.output}}),
           kError;
  if (!global.quiet) std::cerr << fmt::format("exray: kb convert: {} builds\n", rows->size());
  return kFound;
}

int check(const GlobalOptions& global) {
  auto kb = load_knowledge_base(global);
  if (!kb) return report_error("kb check", kb.error()), kError;
  const auto& newest = kb->releases().back();
  std::cout << fmt::format("{} releases (newest {} {}, {}), {} products, {} advisories: ok\n", kb->releases().size(),
                           newest.build.to_string(), newest.name, format_date(newest.date), kb->products().size(),
                           kb->advisories().size());
  return kFound;
}

}  // namespace

void add_kb_command(CLI::App& app, Context& context) {
  auto* cmd = app.add_subcommand("kb", "Maintain the knowledge base (builds, products, advisories)");
  cmd->require_subcommand(1);

  auto csv = std::make_shared<std::string>();
  auto* convert_cmd = cmd->add_subcommand(
      "convert", "Convert Microsoft's ExchangeBuildNumbers.csv to exray's builds YAML (how kb/builds.yaml is made)");
  convert_cmd->add_option("csv", *csv, "Path to ExchangeBuildNumbers.csv")->required();
  convert_cmd->callback([csv, &context] { context.exit_code = convert(*csv, context.global); });

  auto* check_cmd = cmd->add_subcommand("check", "Load the built-in knowledge base and every --kb FILE, and validate");
  check_cmd->callback([&context] { context.exit_code = check(context.global); });
}

}  // namespace exray::cli
