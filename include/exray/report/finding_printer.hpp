// SPDX-License-Identifier: Apache-2.0
// exray report: findings printed as text, JSON Lines or CSV.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "exray/core/sink.hpp"
#include "exray/report/format.hpp"

namespace exray::report {

// Findings go to `out`. Errors go to `err` as one line each; in JSON Lines they are also
// records in `out`, so a consumer of the stream sees what was not examined.
[[nodiscard]] std::unique_ptr<FindingSink> make_finding_printer(Format format, std::ostream& out, std::ostream& err);

// One finding as the JSON Lines record `--format jsonl` prints (no newline): what the store keeps.
[[nodiscard]] std::string finding_record(const Finding& finding);

}  // namespace exray::report
