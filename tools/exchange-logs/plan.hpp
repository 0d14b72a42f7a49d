// SPDX-License-Identifier: Apache-2.0
// The layout of the generated evidence tree: which log files exist, how big, which time span
// each covers, their format variants, and where every planted line goes.
//
// Planning is separate from writing so that all random choices about the tree are made up front
// from the seed; each file then gets its own random stream for its content.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "attacks.hpp"
#include "traffic.hpp"

namespace exlogs {

struct Options {
  std::filesystem::path out;
  std::uint64_t size = 20ULL << 20;
  std::uint64_t seed = 1;
  std::uint64_t attacks = 40;
  bool gzip = false;
};

enum class LogKind { httpproxy, ecp_server, oab_generator, iis };

struct PlannedPlant {
  const Template* tmpl;
  double position;  // fraction of the file's target size at which the line goes
};

struct LogFile {
  LogKind kind = LogKind::httpproxy;
  Protocol protocol = Protocol::Owa;  // HttpProxy only
  std::string rel;                    // relative to the output directory, '/' separators
  std::uint64_t target = 0;           // uncompressed bytes to write (rows stop past it)
  std::int64_t start_ms = 0, span_ms = 0;
  bool crlf = true;
  bool gzip = false;
  bool old_columns = false;  // HttpProxy: the Exchange 2013 column set
  int second_layout = -1;    // IIS: the #Fields layout after a mid-file header block, or -1
  std::uint64_t seed = 0;
  std::vector<PlannedPlant> plants;  // sorted by position
};

struct Plan {
  std::vector<LogFile> logs;
  std::vector<PathPlant> paths;
};

// Plants `opt.attacks` attack lines and as many near-misses, plus three long lines when the
// tree is at least 100 MiB.
Plan make_plan(const Options& opt);

}  // namespace exlogs
