// SPDX-License-Identifier: Apache-2.0
// Private to store: a JSON record as `--format jsonl` prints it, taken apart into table rows.
#pragma once

#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/store/store.hpp"

namespace exray::store {

struct HostRows {
  Observation observation;
  std::vector<VerdictRow> verdicts;
};

// A host or a finding; nothing (monostate) for the record types the store does not keep
// ("run", "error", "build", …). A line that is not JSON, or a host or finding missing its
// keys, is an error: the store takes only exray's own records.
using Rows = std::variant<std::monostate, HostRows, FindingRow>;
[[nodiscard]] Result<Rows> rows_of(std::string_view json_line);

}  // namespace exray::store
