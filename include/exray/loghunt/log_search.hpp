// SPDX-License-Identifier: Apache-2.0
// exray loghunt: one log, searched with a RuleSet, into Findings.
//
// A LogSearch belongs to one thread (it owns the prefilter scratch and the line buffer) and is
// reused for file after file. It does no file-system walking: the Hunter (hunter.hpp) decides
// what to search; tests and `exray rules test` feed it bytes directly.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/finding.hpp"
#include "exray/loghunt/byte_source.hpp"
#include "exray/loghunt/evtx.hpp"
#include "exray/loghunt/line_searcher.hpp"
#include "exray/loghunt/rule_set.hpp"

namespace exray::loghunt {

struct LogResult {
  std::vector<Finding> findings;
  std::vector<Error> warnings;  // the file was searched, but not all of it (long lines, bad rows)
  SearchStats stats;
  std::string first_event, last_event;  // event logs: the oldest and newest timestamp (ISO 8601)
};

// The facts a files rule tests.
struct FileFacts {
  std::string path;  // relative to the hunted root, '/'-separated, with a leading '/'
  std::string name;
  std::uint64_t size = 0;
};

class LogSearch {
 public:
  [[nodiscard]] static Result<LogSearch> create(const RuleSet& rules, SearchLimits limits = {});

  // A line-based log of a known type. `display_path` names the file in findings and errors.
  [[nodiscard]] Result<LogResult> search_lines(ByteSource& source, LogType type, std::string_view display_path);
  [[nodiscard]] Result<LogResult> search_evtx(const std::filesystem::path& path, std::string_view display_path);
  [[nodiscard]] Result<LogResult> search_evtx_bytes(std::string_view bytes, std::string_view display_path);
  // One event given as fields (rule examples): the same prefilter and rules as a real event log.
  [[nodiscard]] LogResult search_event(const EventRecord& event, std::string_view display_path);
  [[nodiscard]] std::vector<Finding> search_file(const FileFacts& file, std::string_view display_path) const;

 private:
  explicit LogSearch(const RuleSet& rules, SearchLimits limits) : rules_(&rules), searcher_(limits) {}

  const RuleSet* rules_;
  LineSearcher searcher_;
  std::array<match::PatternSet::Scratch, kLogTypeCount> scratch_;
};

}  // namespace exray::loghunt
