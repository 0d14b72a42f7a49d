// SPDX-License-Identifier: Apache-2.0
// exray report: printers, the sinks that turn records into text people and programs read.
//
// Three formats for every record type: `text` for people, `jsonl` (one JSON object per line,
// schema in docs/output-schema.md) for programs, `csv` (the JSON flattened to fixed columns)
// for spreadsheets. Findings print through a FindingSink (finding_printer.hpp); build
// assessments through an AssessmentPrinter (assessment_printer.hpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray::report {

enum class Format : std::uint8_t { text, jsonl, csv };

[[nodiscard]] Result<Format> parse_format(std::string_view name);

}  // namespace exray::report
