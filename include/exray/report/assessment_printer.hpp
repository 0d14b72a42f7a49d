// SPDX-License-Identifier: Apache-2.0
// exray report: build assessments (`exray build`) printed as text, JSON Lines or CSV.
#pragma once

#include <memory>
#include <ostream>
#include <string_view>

#include "exray/core/error.hpp"
#include "exray/core/time.hpp"
#include "exray/kb/knowledge_base.hpp"
#include "exray/kb/verdict.hpp"
#include "exray/report/format.hpp"

namespace exray::report {

class AssessmentPrinter {
 public:
  virtual ~AssessmentPrinter() = default;
  // `input` is the text the user gave, kept so output lines up with input.
  virtual void print(std::string_view input, const kb::Assessment& assessment) = 0;
  // An input that could not be assessed (the caller also reports it on stderr): JSON Lines
  // writes an error record, CSV a row with only `input` and `error`, text nothing.
  virtual void error(std::string_view input, const Error& error) = 0;
};

// `today` decides whether a product's support has ended.
[[nodiscard]] std::unique_ptr<AssessmentPrinter> make_assessment_printer(Format format, std::ostream& out,
                                                                         const kb::KnowledgeBase& kb, Date today);

}  // namespace exray::report
