// SPDX-License-Identifier: Apache-2.0
// The dashboard's pages, rendered on the server from the inventory model: HTML without script,
// each filter and sort a query parameter, each control a link or a form sent with GET.
//
// The counts come from inventory::build_report, the very numbers `exray report` prints; the
// sections they share with the HTML report are drawn by the same code (report/html_sections).
#pragma once

#include <string>
#include <vector>

#include "exray/inventory/inventory.hpp"
#include "exray/web/query.hpp"

namespace exray::web {

// `/`: the counts, unpatched by advisory, the trend over the scans, Exchange servers by CU.
[[nodiscard]] std::string overview_page(const inventory::Report& report);

// `/hosts`: each host's latest sighting. Parameters: q (text in the host, build, CU, status or
// error), state (vulnerable, unknown or patched: to `advisory` if given, else to any), advisory,
// cu, sort (host, status, build, cu, seen, sightings, open) and dir (asc, desc).
[[nodiscard]] std::string hosts_page(const std::vector<inventory::HostHistory>& hosts, const Params& params);

// `/hosts/detail?address=…&port=…`: every sighting of the host and the hunt findings naming it.
[[nodiscard]] std::string host_detail_page(const std::vector<inventory::HostHistory>& hosts,
                                           const std::vector<store::FindingRow>& findings, const Params& params);

// `/findings`: hunt findings. Parameters: host, severity, q (text in the kind, rule or subject).
[[nodiscard]] std::string findings_page(const inventory::Report& report, const Params& params);

// `/runs`: scans and hunts, newest last, an unfinished one marked incomplete.
[[nodiscard]] std::string runs_page(const inventory::Report& report);

// A short page for an error status (404, 401, …): our own words only.
[[nodiscard]] std::string message_page(std::string_view title, std::string_view text_markup);

}  // namespace exray::web
