// SPDX-License-Identifier: Apache-2.0
// `--db URL`: a scan's or hunt's records also go to the store, as one run.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "context.hpp"
#include "exray/store/store.hpp"

namespace exray::cli {

class Recording {
 public:
  // Opens the store and starts a run; with no --db, a Recording that keeps nothing.
  [[nodiscard]] static Result<Recording> start(const GlobalOptions& global, std::string_view kind);

  // A record as `--format jsonl` prints it. A store that fails mid-run is reported once and
  // written to no more; the command still prints everything and exits 2 (finish() says so).
  void add(std::string_view json_line);
  // False without --db, or once the store failed: callers skip building the record then.
  [[nodiscard]] bool active() const noexcept { return run_ && !run_->failed; }
  // Marks the run complete (or failed) and prints where it went. False if the store failed.
  // A command that returns early on an error leaves finish() to the destructor: "failed".
  [[nodiscard]] bool finish(bool complete, bool quiet);

 private:
  struct Run {
    store::Store store;
    store::RunWriter writer;
    std::string url;
    bool failed = false;
    Run(store::Store s, store::RunWriter w, std::string u)
        : store(std::move(s)), writer(std::move(w)), url(std::move(u)) {}
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;
    ~Run() {
      if (!failed) (void)writer.finish(false);
    }
  };
  std::unique_ptr<Run> run_;
};

}  // namespace exray::cli
