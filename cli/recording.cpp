// SPDX-License-Identifier: Apache-2.0
#include "recording.hpp"

#include <fmt/format.h>

namespace exray::cli {

Result<Recording> Recording::start(const GlobalOptions& global, std::string_view kind) {
  Recording r;
  if (global.db.empty()) return r;
  auto store = store::Store::open(global.db);
  if (!store) return std::unexpected(store.error());
  auto run = store->begin_run(kind, global.command_line);
  if (!run) return std::unexpected(run.error());
  r.run_ = std::make_unique<Run>(std::move(*store), std::move(*run), global.db);
  return r;
}

void Recording::add(std::string_view json_line) {
  if (!run_ || run_->failed) return;
  if (auto ok = run_->writer.add(json_line); !ok) {
    run_->failed = true;
    report_error("store", ok.error());
  }
}

bool Recording::finish(bool complete, bool quiet) {
  if (!run_) return true;
  auto run = std::move(run_);
  if (run->failed) return false;
  // Marked failed first: whatever happens next, the destructor does not finish it again.
  run->failed = true;
  if (auto ok = run->writer.finish(complete); !ok) {
    report_error("store", ok.error());
    return false;
  }
  if (!quiet) std::cerr << fmt::format("  stored as run {} in {}\n", run->writer.id(), run->url);
  return true;
}

}  // namespace exray::cli
