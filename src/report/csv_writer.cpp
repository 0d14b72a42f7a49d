// SPDX-License-Identifier: Apache-2.0
#include "exray/report/csv_writer.hpp"

namespace exray::report {

std::string csv_cell(std::string_view value) {
  std::string cell;
  const bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                                          value[0] == '\t' || value[0] == '\r');
  if (formula) cell += '\'';
  cell += value;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void write_csv_row(std::ostream& out, std::span<const std::string> cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out << ',';
    out << csv_cell(cells[i]);
  }
  out << '\n';
}

}  // namespace exray::report
