// SPDX-License-Identifier: Apache-2.0
// exray loghunt: a whole hunt over folders and files.
//
// hunt() walks each root (an Exchange install root, a triage copy, a folder of logs or single
// files), recognises each log from its content and path, searches the logs on several threads
// with one LogSearch each, and pushes findings into the sink in a stable order (by path) with
// one error per file it could not read. File-path rules (lsass dumps, staged archives) run last,
// so that they can be rated higher when the same hunt found exploitation.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "exray/core/cancel.hpp"
#include "exray/core/error.hpp"
#include "exray/core/sink.hpp"
#include "exray/core/time.hpp"
#include "exray/loghunt/line_searcher.hpp"
#include "exray/loghunt/rule_set.hpp"
#include "exray/walk/walker.hpp"

namespace exray::loghunt {

struct HuntOptions {
  SearchLimits limits;
  unsigned threads = 0;    // 0: one per core
  bool logs_only = false;    // no file-path rules
  bool search_logs = true;   // false: recognise logs but do not search them (a files-only hunt)
  const Cancellation* cancel = nullptr;
};

// How far back the logs of one folder go (the evidence window users must know about).
struct FolderReach {
  std::string folder;
  LogType type = LogType::text;
  std::optional<Date> earliest;  // from #Date or the first record; event logs: the oldest event
  std::optional<Date> latest;
  std::uint64_t files = 0;
};

struct HuntSummary {
  std::uint64_t files_seen = 0;      // regular files walked
  std::uint64_t logs_searched = 0;   // files read as logs
  std::uint64_t bytes = 0;           // bytes read from logs (after decompression)
  std::uint64_t lines = 0;
  std::uint64_t candidates = 0;      // lines the prefilter picked
  std::uint64_t symlinks_skipped = 0;
  std::uint64_t special_skipped = 0;  // FIFOs, sockets, devices: never opened
  std::uint64_t errors = 0;          // files or folders that could not be (fully) read
  std::array<std::uint64_t, kLogTypeCount> logs_by_type{};
  std::vector<FolderReach> reach;
  std::map<std::string, std::uint64_t> findings_by_rule;
  std::vector<bool> read_as_log;  // per walked file: a structured log (not plain text), the log search's to read
  bool exploited = false;         // some log showed exploitation or web shell use
  double seconds = 0;
};

// Searches the walked files that look like logs, then applies the file-path rules to every
// file. Fails only if the hunt cannot start (no usable thread state); everything about single
// files goes to the sink as an error and the hunt goes on.
[[nodiscard]] Result<HuntSummary> hunt_files(const RuleSet& rules, std::span<const walk::FileEntry> files,
                                             const HuntOptions& options, FindingSink& sink);

// Walks the roots (never following links) and hunts what it finds.
[[nodiscard]] Result<HuntSummary> hunt(const RuleSet& rules, std::span<const std::string> roots,
                                       const HuntOptions& options, FindingSink& sink);

}  // namespace exray::loghunt
