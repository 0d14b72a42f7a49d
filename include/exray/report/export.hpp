// SPDX-License-Identifier: Apache-2.0
// exray report: `exray export`, the store's hosts and hunt findings for other tools.
//
// Hosts are written as the period leaves them (each host's latest sighting in it, as the
// report judges them); findings as the hunts stored them. JSON Lines and CSV follow
// docs/output-schema.md; the STIX 2.1 bundle (stix.hpp) is for threat-intelligence platforms.
// Everything here is read back from the store and written in a fixed order, so the same store
// always exports the same bytes.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "exray/core/error.hpp"
#include "exray/inventory/inventory.hpp"
#include "exray/store/store.hpp"

namespace exray::report {

enum class ExportFormat : std::uint8_t { jsonl, csv, stix };
enum class ExportWhat : std::uint8_t { hosts, findings };

struct ExportOptions {
  ExportWhat what = ExportWhat::hosts;
  ExportFormat format = ExportFormat::jsonl;
  inventory::Period period;
  std::string organisation;  // STIX: the producer's name; empty is "exray"
};

// Writes the export and returns how many hosts or findings it holds.
[[nodiscard]] Result<std::uint64_t> export_store(const store::Store& store, const ExportOptions& options,
                                                 std::ostream& out);

}  // namespace exray::report
