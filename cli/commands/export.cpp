// SPDX-License-Identifier: Apache-2.0
// `exray export --db URL --what hosts|findings [--format jsonl|csv|stix] [--since D] [--until D]
// [--org NAME] [-o FILE]`: the store's hosts or hunt findings for other tools.
#include "exray/report/export.hpp"

#include <fmt/format.h>

#include <iostream>

#include "context.hpp"
#include "exray/store/store.hpp"

namespace exray::cli {
namespace {

struct ExportArgs {
  std::string what;
  report::ExportOptions options;
  const CLI::Option* format = nullptr;  // the global --format: was it given?
};

Result<report::ExportFormat> export_format(const ExportArgs& args, const GlobalOptions& global) {
  // The global default is "text", which an export has no use for: unset means JSON Lines.
  if (args.format == nullptr || args.format->count() == 0 || global.format == "jsonl")
    return report::ExportFormat::jsonl;
  if (global.format == "csv") return report::ExportFormat::csv;
  if (global.format == "stix") return report::ExportFormat::stix;
  return fail(Errc::invalid_argument,
              fmt::format("--format is jsonl, csv or stix for an export, not '{}'", global.format));
}

Result<std::uint64_t> run(ExportArgs args, const GlobalOptions& global) {
  if (auto ok = require_db(global, "export from"); !ok) return std::unexpected(ok.error());
  auto format = export_format(args, global);
  if (!format) return std::unexpected(format.error());
  args.options.format = *format;
  args.options.what = args.what == "hosts" ? report::ExportWhat::hosts : report::ExportWhat::findings;
  if (auto ok = check_period(args.options.period); !ok) return std::unexpected(ok.error());
  auto store = store::Store::open(global.db);
  if (!store) return std::unexpected(store.error());
  auto output = Output::open(global.output);
  if (!output) return std::unexpected(output.error());
  auto count = report::export_store(*store, args.options, output->stream());
  if (!count) return count;
  if (!output->close()) return fail(Errc::io_error, "could not write the output", Where{global.output});
  return count;
}

}  // namespace

void add_export_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ExportArgs>();
  args->format = app.get_option("--format");
  auto* cmd = app.add_subcommand("export",
                                 "Write the store's hosts (as the period leaves them) or hunt findings for other "
                                 "tools: JSON Lines, CSV or a STIX 2.1 bundle (--format jsonl|csv|stix)");
  cmd->add_option("--what", args->what, "hosts or findings")->required()->check(CLI::IsMember({"hosts", "findings"}));
  cmd->add_option("--since", args->options.period.since,
                  "Only runs started on or after this date (YYYY-MM-DD) or instant");
  cmd->add_option("--until", args->options.period.until, "Only runs started on or before this date or instant");
  cmd->add_option("--org", args->options.organisation,
                  "STIX: the organisation that produces the bundle (its identity; default: exray)");
  cmd->callback([args, &context] {
    auto count = run(*args, context.global);
    if (!count) {
      report_error("export", count.error());
      context.exit_code = kError;
      return;
    }
    context.exit_code = *count > 0 ? kFound : kNothingFound;
  });
}

}  // namespace exray::cli
