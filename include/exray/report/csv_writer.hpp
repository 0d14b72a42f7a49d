// SPDX-License-Identifier: Apache-2.0
// exray report: RFC 4180 CSV output (quoting rules of RFC 4180; rows end in LF, as Unix tools expect).
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace exray::report {

// Quotes a cell when it holds a comma, quote or line break, and defuses spreadsheet formulas:
// evidence is attacker-written, and a cell starting with = + - @ would run when opened, so
// such a cell gets a leading apostrophe (the convention spreadsheets show as text).
[[nodiscard]] std::string csv_cell(std::string_view value);

void write_csv_row(std::ostream& out, std::span<const std::string> cells);

}  // namespace exray::report
