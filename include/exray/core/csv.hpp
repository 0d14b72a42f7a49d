// SPDX-License-Identifier: Apache-2.0
// exray core: one CSV record (RFC 4180 quoting) split into fields.
//
// Exchange writes one record per line, so this works on a line: fields are separated by commas,
// a field may be double-quoted, and inside quotes "" stands for one quote and commas are data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

namespace exray {

// Fails (parse_error, with the column) on an unterminated quote or text after a closing quote.
[[nodiscard]] Result<std::vector<std::string>> split_csv_record(std::string_view line);

// The same without an allocation per field, for hot loops: unquoted fields are views into
// `line`; quoted ones are unescaped into `scratch`, which must outlive the views.
[[nodiscard]] Result<void> split_csv_fields(std::string_view line, std::string& scratch,
                                            std::vector<std::string_view>& out);

}  // namespace exray
