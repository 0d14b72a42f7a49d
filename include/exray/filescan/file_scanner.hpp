// SPDX-License-Identifier: Apache-2.0
// exray filescan: web shells, ransomware and suspicious files on disk.
//
// FileScanner holds what is compiled once — YARA rules with their prefilter, IOC lists and the
// allowlist. scan_files() reads each walked file once (read() for small files, a mapping for
// large ones) on several threads and feeds the same bytes to the digests, the IOC lists, the
// heuristics and, when the prefilter says a rule could match, to libyara. Findings reach the
// sink in path order whatever the thread count; files DearCry encrypted are counted and listed
// in one finding rather than one each.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "exray/core/cancel.hpp"
#include "exray/core/error.hpp"
#include "exray/core/sink.hpp"
#include "exray/filescan/heuristics.hpp"
#include "exray/filescan/ioc.hpp"
#include "exray/filescan/yara_rules.hpp"
#include "exray/walk/walker.hpp"

namespace exray::filescan {

struct FileScanOptions {
  std::uint64_t max_file_bytes = std::uint64_t{256} << 20;  // larger files: heuristics on the head only
  unsigned threads = 0;                                     // 0: one per core
  HeuristicOptions heuristics;
  const Cancellation* cancel = nullptr;
};

struct FileScanSummary {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t yara_files = 0;     // files the prefilter passed to libyara
  std::uint64_t too_large = 0;      // content not scanned: over max_file_bytes
  std::uint64_t allowlisted = 0;
  std::uint64_t errors = 0;
  std::uint64_t encrypted = 0;      // DearCry
  std::map<std::string, std::uint64_t> findings_by_rule;
  double seconds = 0;
};

class FileScanner {
 public:
  FileScanner(YaraRules rules, IocSet iocs, IocSet allowlist)
      : rules_(std::move(rules)), iocs_(std::move(iocs)), allow_(std::move(allowlist)) {}

  [[nodiscard]] const YaraRules& rules() const noexcept { return rules_; }
  [[nodiscard]] const IocSet& iocs() const noexcept { return iocs_; }
  [[nodiscard]] const IocSet& allowlist() const noexcept { return allow_; }

 private:
  YaraRules rules_;
  IocSet iocs_;
  IocSet allow_;
};

[[nodiscard]] Result<FileScanSummary> scan_files(const FileScanner& scanner, std::span<const walk::FileEntry> files,
                                                 const FileScanOptions& options, FindingSink& sink);

// exray's own YARA rules (rules/yara/), embedded in the binary.
[[nodiscard]] std::vector<YaraSource> builtin_yara_sources();
// Every *.yar / *.yara file in a folder (sorted), or the one file named.
[[nodiscard]] Result<std::vector<YaraSource>> load_yara_path(const std::string& path);

}  // namespace exray::filescan
