// SPDX-License-Identifier: Apache-2.0
// exray report: the fleet over a period (`exray report`), as text for people and as one JSON
// document for programs (the dashboard reads the same document; html_report.hpp draws the page).
#pragma once

#include <ostream>
#include <string>

#include "exray/inventory/inventory.hpp"

namespace exray::report {

void print_inventory_text(const inventory::Report& report, std::ostream& out);
// One JSON object, pretty-printed; schema in docs/output-schema.md ("type": "report").
[[nodiscard]] std::string inventory_json(const inventory::Report& report);

}  // namespace exray::report
