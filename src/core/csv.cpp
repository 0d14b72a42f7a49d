// SPDX-License-Identifier: Apache-2.0
#include "exray/core/csv.hpp"

#include <fmt/format.h>

namespace exray {

Result<void> split_csv_fields(std::string_view line, std::string& scratch, std::vector<std::string_view>& out) {
  out.clear();
  scratch.clear();
  scratch.reserve(line.size());  // unescaped text is never longer than the line: views stay valid
  std::size_t i = 0;
  for (;;) {
    if (i < line.size() && line[i] == '"') {
      const std::size_t open = i++;
      const std::size_t start = scratch.size();
      for (;;) {
        if (i >= line.size()) return fail(Errc::parse_error, "unterminated quoted field", Where{"", 0, open + 1});
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        scratch += line[i++];
      }
      out.emplace_back(scratch.data() + start, scratch.size() - start);
      if (i < line.size() && line[i] != ',')
        return fail(Errc::parse_error, "text after a closing quote", Where{"", 0, i + 1});
    } else {
      auto end = line.find(',', i);
      if (end == std::string_view::npos) end = line.size();
      out.push_back(line.substr(i, end - i));
      i = end;
    }
    if (i >= line.size()) return {};
    ++i;  // the comma
  }
}

Result<std::vector<std::string>> split_csv_record(std::string_view line) {
  std::string scratch;
  std::vector<std::string_view> views;
  if (auto ok = split_csv_fields(line, scratch, views); !ok) return std::unexpected(ok.error());
  return std::vector<std::string>(views.begin(), views.end());
}

}  // namespace exray
