// SPDX-License-Identifier: Apache-2.0
// Writes one planned log file: its header, benign rows up to the target size, and the planted
// lines at their positions, recording the physical line number of each planted line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "plan.hpp"
#include "writer.hpp"

namespace exlogs {

struct Totals {
  std::uint64_t bytes = 0;       // uncompressed content
  std::uint64_t disk_bytes = 0;  // as stored (gzip files are smaller)
  std::uint64_t files = 0;
  std::uint64_t planted = 0;  // attack lines and files
  std::uint64_t near_misses = 0;
};

void emit_log(const std::filesystem::path& root, const LogFile& file, const Population& pop, std::vector<Record>& truth,
              std::vector<Record>& near, Totals& totals);

}  // namespace exlogs
