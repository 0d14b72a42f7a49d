// SPDX-License-Identifier: Apache-2.0
// Private to report: the HTML report's charts, drawn as inline SVG from the report's numbers,
// and the one way data becomes page text (both the page and the charts use it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exray/inventory/inventory.hpp"

namespace exray::report::html {

// Data as page text: at most `max_bytes` bytes, control and non-ASCII bytes as \xNN (as the text
// report prints them), then html_escape. Nothing from a report reaches a page any other way.
[[nodiscard]] std::string esc(std::string_view data, std::size_t max_bytes = 512);

// Vulnerable / unknown / patched Exchange servers per advisory, as stacked horizontal bars.
[[nodiscard]] std::string advisory_chart(const std::vector<inventory::AdvisoryCount>& advisories);
// Vulnerable Exchange servers per advisory at each scan of the period: one line per advisory.
[[nodiscard]] std::string trend_chart(const std::vector<inventory::TrendPoint>& trend);

}  // namespace exray::report::html
