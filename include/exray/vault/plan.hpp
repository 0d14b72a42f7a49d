// SPDX-License-Identifier: Apache-2.0
// exray vault: which files a hunt's findings say to quarantine.
//
// Reads `exray hunt -o findings.jsonl`: its "run" record names the folders that were hunted
// (quarantine stays inside them) and the working folder relative paths are resolved against;
// each file finding (one with a SHA-256) at or above the severity asked for becomes a
// candidate, one per file, carried by its most severe finding.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/finding.hpp"
#include "exray/vault/vault.hpp"

namespace exray::vault {

struct Candidate {
  std::filesystem::path path;  // absolute
  std::string sha256;
  FindingRef finding;
  Severity severity = Severity::info;
};

struct Plan {
  std::vector<Candidate> candidates;         // in the order the findings file lists them
  std::vector<std::filesystem::path> roots;  // the hunted folders (absolute); empty: none recorded
  std::size_t below_severity = 0;            // file findings left out by the threshold
};

// Bad lines are errors with their line number: a findings file is our own output, so damage
// means the wrong file was given.
[[nodiscard]] Result<Plan> plan_from_findings(const std::filesystem::path& findings, Severity min_severity);

}  // namespace exray::vault
