// SPDX-License-Identifier: Apache-2.0
// `exray report --db URL [--since DATE] [--until DATE] [--html FILE]`: the fleet over a period,
// from the store, as text, JSON or a self-contained HTML file.
#include <fmt/format.h>

#include <iostream>

#include "context.hpp"
#include "exray/inventory/inventory.hpp"
#include "exray/report/html_report.hpp"
#include "exray/report/inventory_printer.hpp"
#include "exray/store/store.hpp"

namespace exray::cli {
namespace {

struct ReportArgs {
  inventory::Period period;
  std::string html;  // --html FILE; then the text or JSON report only goes to -o FILE
};

Result<void> write_report(const std::string& path, const std::string& text) {
  auto output = Output::open(path);
  if (!output) return std::unexpected(output.error());
  output->stream() << text;
  if (!output->close()) return fail(Errc::io_error, "could not write the output", Where{path});
  return {};
}

int run(const ReportArgs& args, const GlobalOptions& global) {
  if (auto ok = require_db(global, "report on"); !ok) return report_error("report", ok.error()), kError;
  if (global.format != "text" && global.format != "json" && global.format != "jsonl")
    return report_error("report", Error{Errc::invalid_argument, "--format is text or json for a report", {}}), kError;
  if (auto ok = check_period(args.period); !ok) return report_error("report", ok.error()), kError;
  auto store = store::Store::open(global.db);
  if (!store) return report_error("report", store.error()), kError;
  auto report = inventory::build_report(*store, args.period);
  if (!report) return report_error("report", report.error()), kError;
  const int code = report->hosts > 0 || !report->findings.empty() ? kFound : kNothingFound;
  if (!args.html.empty()) {
    if (auto ok = write_report(args.html, report::html_report(*report)); !ok)
      return report_error("report", ok.error()), kError;
    if (!global.quiet && args.html != "-") std::cerr << fmt::format("exray report: wrote {}\n", args.html);
    // The HTML is the report asked for; text or JSON as well only into a file named with -o.
    if (global.output.empty() || global.output == "-") return code;
  }
  auto output = Output::open(global.output);
  if (!output) return report_error("report", output.error()), kError;
  if (global.format == "text")
    report::print_inventory_text(*report, output->stream());
  else
    output->stream() << report::inventory_json(*report);
  if (!output->close())
    return report_error("report", Error{Errc::io_error, "could not write the output", Where{global.output}}), kError;
  return code;
}

}  // namespace

void add_report_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report",
                                 "What the store says about the fleet over a period: exposure, unpatched hosts by "
                                 "advisory and CU, what changed, what is still open, hunt findings");
  cmd->add_option("--since", args->period.since, "Only runs started on or after this date (YYYY-MM-DD) or instant");
  cmd->add_option("--until", args->period.until, "Only runs started on or before this date or instant");
  cmd->add_option("--html", args->html,
                  "Write the report as one self-contained HTML file (inline charts, no script, nothing fetched); "
                  "the text or JSON report is then written only with -o FILE");
  cmd->callback([args, &context] { context.exit_code = run(*args, context.global); });
}

}  // namespace exray::cli
