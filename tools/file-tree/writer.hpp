// SPDX-License-Identifier: Apache-2.0
// Writing a plan to disk: folders, then files on several threads, then the ground truth.
//
// Real bytes move with copy_file_range (sendfile, then read/write, where the file systems do
// not allow it), so that a 5 GB tree costs the kernel's copies and little else.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "plan.hpp"
#include "sources.hpp"

namespace filetree {

struct WriteStats {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t folders = 0;
  std::uint64_t unreadable = 0;  // sources that vanished or shrank since the walk: filled with noise
};

// `out` must exist. Throws std::runtime_error on the first write error.
WriteStats write_tree(const std::filesystem::path& out, const Plan& plan, const Sources& sources, unsigned threads);

// One JSON object per line, sorted by path.
void write_truth(const std::filesystem::path& path, std::vector<Truth> truth);

}  // namespace filetree
