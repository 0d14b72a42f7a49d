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

// No build number comes near this; a longer line is garbage (or /dev/zero) and is refused
// without being kept, so memory stays bounded whatever is piped in.
constexpr std::size_t kMaxLineBytes = 1024;

enum class LineRead { line, too_long, end };

LineRead read_line(std::istream& in, std::string& line) {
  line.clear();
  bool too_long = false;
  for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
    if (c == '\n') return too_long ? LineRead::too_long : LineRead::line;
    if (line.size() < kMaxLineBytes)
      line += static_cast<char>(c);
    else
      too_long = true;
  }
  if (too_long) return LineRead::too_long;
  return line.empty() ? LineRead::end : LineRead::line;
}

class Run {
 public:
  Run(report::AssessmentPrinter& printer, const kb::KnowledgeBase& kb) : printer_(printer), kb_(kb) {}

  void assess(std::string_view input) {
    ++inputs_;
    auto build = kb::parse_build(input);
    auto assessment = build ? kb::assess(kb_, *build) : Result<kb::Assessment>(std::unexpected(build.error()));
    if (!assessment) return error(input, assessment.error());
    printer_.print(input, *assessment);
    bool vulnerable = false, unknown = false;
    for (const auto& v : assessment->verdicts) {
      vulnerable = vulnerable || kb::is_vulnerable(v.state);
      unknown = unknown || v.state == kb::VerdictState::su_unknown || v.state == kb::VerdictState::build_unknown;
    }
    vulnerable_ += vulnerable ? 1 : 0;
    unknown_ += !vulnerable && unknown ? 1 : 0;
  }

  void error(std::string_view input, const Error& error) {
    ++errors_;
    report_error("build", error);
    printer_.error(input, error);
  }

  // Standard input: one build per line, processed as it arrives; blank lines and '#' comments
  // are skipped. A read failure is an error, never "nothing found".
  void assess_stream(std::istream& in) {
    std::string line;
    for (std::uint64_t line_no = 1;; ++line_no) {
      auto read = read_line(in, line);
      if (read == LineRead::end) break;
      if (read == LineRead::too_long) {
        ++inputs_;
        error(line, Error{Errc::limit_exceeded, fmt::format("longer than {} bytes", kMaxLineBytes),
                          Where{"<stdin>", line_no}});
        continue;
      }
      auto text = trim(line);
      if (!text.empty() && text.front() != '#') assess(text);
    }
    if (in.bad()) ++inputs_, error("", Error{Errc::io_error, "reading failed", Where{"<stdin>"}});
  }

  [[nodiscard]] int finish(bool quiet) const {
    if (!quiet)
      std::cerr << fmt::format("exray: {} build(s): {} vulnerable, {} unknown, {} not assessed\n", inputs_, vulnerable_,
                               unknown_, errors_);
    // Unreadable input is the user's to fix, so it wins over findings (the rest still printed).
    if (errors_ > 0) return kError;
    return vulnerable_ > 0 ? kFound : kNothingFound;
  }

 private:
  report::AssessmentPrinter& printer_;
  const kb::KnowledgeBase& kb_;
  std::size_t inputs_ = 0, vulnerable_ = 0, unknown_ = 0, errors_ = 0;
};

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

  auto printer = report::make_assessment_printer(*format, output->stream(), *kb, today());
  Run run(*printer, *kb);
  if (options.builds.empty())
    run.assess_stream(std::cin);
  else
    for (const auto& input : options.builds) run.assess(input);
  if (!output->close()) {
    report_error("build", Error{Errc::io_error, "could not write the output", Where{global.output}});
    return kError;
  }
  return run.finish(global.quiet);
}

}  // namespace

void add_build_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<BuildOptions>();
  auto* cmd = app.add_subcommand("build",
                                 "Classify Exchange build numbers: product, CU/SU, release date, and for each "
                                 "advisory patched / vulnerable (what to install) / unknown / not applicable. "
                                 "Exit 0 if any build is vulnerable, 1 if none (unknown verdicts are counted in the "
                                 "summary, not as findings), 2 if an input was not a known build.");
  cmd->add_option("builds", options->builds,
                  "Build numbers: 15.1.2176.9, 15.01.2176.009, 15.1.2176 (CU level) or 'Version 15.1 (Build "
                  "2176.9)'. Read from standard input, one per line, when none is given.");
  cmd->callback([options, &context] { context.exit_code = run(*options, context.global); });
}

}  // namespace exray::cli
