// SPDX-License-Identifier: Apache-2.0
// Private to report: the JSON form of our records, shared by the JSON Lines and CSV printers so
// both always say the same thing. Key order is kept (ordered_json) so output reads naturally.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/finding.hpp"
#include "exray/kb/verdict.hpp"

namespace exray::report {

using Json = nlohmann::ordered_json;

[[nodiscard]] Json to_json(const Finding& finding);
[[nodiscard]] Json to_json(const Error& error);
// A release row (null for none), and one object per advisory with its verdict and what to install.
[[nodiscard]] Json release_json(const kb::Release* release);
[[nodiscard]] Json verdicts_json(const kb::Assessment& assessment);
// One line of JSON; invalid UTF-8 in evidence is replaced, never fatal.
[[nodiscard]] std::string dump_line(const Json& json);

// A CSV column is a place in the JSON record, so CSV can never say something JSON does not.
struct Column {
  std::string header;
  Json::json_pointer at;
};
// Scalars print as themselves, null as empty, lists joined with ';', objects as k=v;k=v.
[[nodiscard]] std::vector<std::string> project(const Json& record, const std::vector<Column>& columns);
[[nodiscard]] std::vector<std::string> headers(const std::vector<Column>& columns);

}  // namespace exray::report
