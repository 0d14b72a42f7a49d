// SPDX-License-Identifier: Apache-2.0
// exray report as one self-contained HTML file (`exray report --html FILE`): the sections of the
// text report, with the advisories and the trend over the period's scans drawn as inline SVG.
//
// The file needs nothing else to open: inline CSS, no script, no font, image or address to fetch
// (a Content-Security-Policy in the file forbids them too). Every text in the report came from a
// scanned host, a hunted file or the store, so all of it reaches the page through one escaping
// function; the markup around it is only ever our own.
#pragma once

#include <string>
#include <string_view>

#include "exray/inventory/inventory.hpp"

namespace exray::report {

// Text made safe as HTML text or a quoted attribute value: & < > " ' become entities.
[[nodiscard]] std::string html_escape(std::string_view text);

// One HTML5 document, printable.
[[nodiscard]] std::string html_report(const inventory::Report& report);

}  // namespace exray::report
