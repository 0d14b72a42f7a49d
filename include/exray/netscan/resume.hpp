// SPDX-License-Identifier: Apache-2.0
// exray netscan: `--resume`, restarting a killed scan without losing or repeating a host.
//
// Hosts finish out of order, so the state is a watermark (every step below `next_step` is done)
// plus the few steps above it that are done too. The output file is part of the state: a
// checkpoint is taken only after the output is flushed, and records its size. On resume the
// output is cut back to that size (dropping records written after the checkpoint, whose hosts
// the state does not count as done) and the scan goes on from the watermark, so every host
// appears in the output exactly once. The state file is replaced atomically (write, fsync,
// rename), so a kill at any moment leaves either the old or the new state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/netscan/scan_order.hpp"

namespace exray::netscan {

struct ResumeState {
  std::string targets;  // TargetSpace::fingerprint(): the state fits only the same targets
  std::uint64_t seed = 0;
  Shard shard;
  std::uint64_t next_step = 0;
  std::vector<std::uint64_t> done_after;  // steps >= next_step that are done, ascending
  std::uint64_t output_bytes = 0;
  bool finished = false;
};

// Nothing when the file does not exist (a fresh scan).
[[nodiscard]] Result<std::optional<ResumeState>> load_resume_state(const std::filesystem::path& path);
[[nodiscard]] Result<void> save_resume_state(const std::filesystem::path& path, const ResumeState& state);

// Which steps are done, kept as a watermark plus the done steps above it.
class Progress {
 public:
  explicit Progress(std::uint64_t next_step = 0, const std::vector<std::uint64_t>& done_after = {});
  void done(std::uint64_t step);
  [[nodiscard]] std::uint64_t next_step() const noexcept { return next_; }
  [[nodiscard]] std::vector<std::uint64_t> done_after() const { return {above_.begin(), above_.end()}; }

 private:
  std::uint64_t next_;
  std::set<std::uint64_t> above_;
};

}  // namespace exray::netscan
