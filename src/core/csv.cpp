// SPDX-License-Identifier: Apache-2.0
#include "exray/core/csv.hpp"

#include <fmt/format.h>

namespace exray {

Result<std::vector<std::string>> split_csv_record(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  for (;;) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      const std::size_t open = i++;
      for (;;) {
        if (i >= line.size()) return fail(Errc::parse_error, "unterminated quoted field", Where{"", 0, open + 1});
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',')
        return fail(Errc::parse_error, "text after a closing quote", Where{"", 0, i + 1});
    } else {
      auto end = line.find(',', i);
      if (end == std::string_view::npos) end = line.size();
      field.assign(line.substr(i, end - i));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

}  // namespace exray
