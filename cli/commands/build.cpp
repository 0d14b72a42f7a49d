// SPDX-License-Identifier: Apache-2.0
// `exray build`: what a build number means: product, CU/SU, release date, and per advisory
// whether it is patched and what to install.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "context.hpp"
#include "exray/core/text.hpp"
#include "exray/kb/verdict.hpp"
#include "exray/report/assessment_printer.hpp"

namespace exray::cli {
namespace {

struct BuildOptions {
  std::vector<std::string> builds;
};

// Standard input: one build per line; blank lines and '#' comments are skipped.
std::vector<std::string> read_stdin_builds() {
  std::vector<std::string> builds;
  std::string line;
  while (std::getline(std::cin, line)) {
    auto text = trim(line);
    if (!text.empty() && text.front() != '#') builds.emplace_back(text);
  }
  return builds;
}

int run(const BuildOptions& options, const GlobalOptions& global) {
  auto format = output_format(global);
  if (!format) return report_error("build", format.error()), kError;
  auto kb = load_knowledge_base(global);
  if (!kb) return report_error("knowledge base", kb.error()), kError;
  if (options.builds.empty() && isatty(STDIN_FILENO) != 0) {
    std::cerr << "exray: build: give build numbers as arguments or on standard input, one per line\n";
    return kError;
  }
  auto output = Output::open(global.output);
  if (!output) return report_error("build", output.error()), kError;

  const auto inputs = options.builds.empty() ? read_stdin_builds() : options.builds;
  auto printer = report::make_assessment_printer(*format, output->stream(), *kb, today());
  std::size_t vulnerable = 0, errors = 0;
  for (const auto& input : inputs) {
    auto build = kb::parse_build(input);
    auto assessment = build ? kb::assess(*kb, *build) : Result<kb::Assessment>(std::unexpected(build.error()));
    if (!assessment) {
      ++errors;
      report_error("build", assessment.error());
      printer->error(input, assessment.error());
      continue;
    }
    printer->print(input, *assessment);
    for (const auto& v : assessment->verdicts)
      if (kb::is_vulnerable(v.state)) {
        ++vulnerable;
        break;
      }
  }
  if (!output->close()) {
    report_error("build", Error{Errc::io_error, "could not write the output", Where{global.output}});
    return kError;
  }
  if (!global.quiet)
    std::cerr << fmt::format("exray: {} build(s): {} vulnerable, {} not assessed\n", inputs.size(), vulnerable, errors);
  // Unreadable input is the user's to fix, so it wins over findings (the rest still printed).
  if (errors > 0) return kError;
  return vulnerable > 0 ? kFound : kNothingFound;
}

}  // namespace

void add_build_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<BuildOptions>();
  auto* cmd = app.add_subcommand("build",
                                 "Classify Exchange build numbers: product, CU/SU, release date, and for each "
                                 "advisory patched / vulnerable (what to install) / unknown / not applicable. "
                                 "Exit 0 if any build is vulnerable, 1 if none, 2 if an input was not a known build.");
  cmd->add_option("builds", options->builds,
                  "Build numbers: 15.1.2176.9, 15.01.2176.009, 15.1.2176 (CU level) or 'Version 15.1 (Build "
                  "2176.9)'. Read from standard input, one per line, when none is given.");
  cmd->callback([options, &context] { context.exit_code = run(*options, context.global); });
}

}  // namespace exray::cli
