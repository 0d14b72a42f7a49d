// SPDX-License-Identifier: Apache-2.0
// Private to report: the HTML pages' charts, drawn as inline SVG from the report's numbers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exray/inventory/inventory.hpp"
#include "exray/report/html_sections.hpp"

namespace exray::report::html {

// Vulnerable / unknown / patched Exchange servers per advisory, as stacked horizontal bars.
[[nodiscard]] std::string advisory_chart(const std::vector<inventory::AdvisoryCount>& advisories);
// Vulnerable Exchange servers per advisory at each scan of the period: one line per advisory.
[[nodiscard]] std::string trend_chart(const std::vector<inventory::TrendPoint>& trend);

}  // namespace exray::report::html
