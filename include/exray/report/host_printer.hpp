// SPDX-License-Identifier: Apache-2.0
// exray report: scan results (`exray scan`) as text, JSON Lines or CSV, and the scan's summary.
//
// JSON Lines and CSV carry one record per target, whatever happened to it, so a scan's output
// accounts for every address (and `--resume` can rely on it); text shows the Exchange servers
// only and leaves the rest to the summary. The knowledge base's reading of each host's build is
// passed in, not recomputed here.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "exray/kb/knowledge_base.hpp"
#include "exray/kb/verdict.hpp"
#include "exray/netscan/host_result.hpp"
#include "exray/netscan/scanner.hpp"
#include "exray/report/format.hpp"

namespace exray::report {

class HostPrinter {
 public:
  virtual ~HostPrinter() = default;
  // `assessment` is null when the host gave no build or the knowledge base cannot place it.
  virtual void print(const netscan::HostResult& result, const kb::Assessment* assessment) = 0;
};

// `header`: whether CSV starts with its header row (not when appending to a resumed output).
[[nodiscard]] std::unique_ptr<HostPrinter> make_host_printer(Format format, std::ostream& out,
                                                             const kb::KnowledgeBase& kb, bool header = true);

// One host as the JSON Lines record `--format jsonl` prints (no newline): what the store keeps.
[[nodiscard]] std::string host_record(const netscan::HostResult& result, const kb::Assessment* assessment);

// Counts for the summary: per status, error kind, product and CU, verdict and probe outcome.
// Its size depends on how many distinct CUs exist, never on the number of hosts.
class ScanTally {
 public:
  void add(const netscan::HostResult& result, const kb::Assessment* assessment);
  void print(std::ostream& out, const netscan::ScanSummary& summary) const;
  [[nodiscard]] std::uint64_t exchange() const noexcept {
    return status_.count("exchange") ? status_.at("exchange") : 0;
  }

 private:
  std::map<std::string, std::uint64_t> status_, errors_, releases_, probes_;
  std::map<std::string, std::map<std::string, std::uint64_t>> verdicts_;  // advisory → state → hosts
  std::uint64_t hosts_ = 0, without_build_ = 0;
};

}  // namespace exray::report
