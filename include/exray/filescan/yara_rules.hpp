// SPDX-License-Identifier: Apache-2.0
// exray filescan: YARA through libyara — compile once, a scanner per thread.
//
// YaraRules compiles exray's rules and the user's rule folders into one immutable rule set, with
// the external variables public rule sets expect (filename, filepath, extension, filetype,
// owner) declared so they load unchanged, and builds the Hyperscan prefilter of
// yara_prefilter.hpp. Each thread makes a YaraScanner, which sets the per-file variables and
// reports every matching rule with its meta and the offsets of its strings.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/filescan/yara_prefilter.hpp"
#include "exray/match/pattern_set.hpp"

struct YR_RULES;
struct YR_SCAN_CONTEXT;  // libyara's YR_SCANNER

namespace exray::filescan {

struct YaraOptions {
  // `--yara-define name=value`: an integer, true/false, or a string.
  std::vector<std::pair<std::string, std::string>> defines;
  int timeout_seconds = 60;  // per file: a pathological rule cannot hang the hunt
};

struct StringHit {
  std::string id;  // "$a"
  std::uint64_t offset = 0;
  std::string data;  // the matched bytes (at most a few hundred)
};

struct YaraMatch {
  std::string name_space;
  std::string rule;
  std::vector<std::pair<std::string, std::string>> meta;  // as written, integers as text
  std::vector<StringHit> strings;                          // first match of each string, by offset
  [[nodiscard]] std::string meta_value(std::string_view key) const;
};

struct FileNames {
  std::string filename, filepath, extension;  // the per-file external variables
};

class YaraRules {
 public:
  // Every source is compiled; a compile error names its file and line.
  [[nodiscard]] static Result<YaraRules> compile(std::span<const YaraSource> sources, const YaraOptions& options);

  [[nodiscard]] std::size_t rule_count() const noexcept { return rule_count_; }
  // Whether a file with no prefilter hit may still match some rule (so must go through YARA).
  [[nodiscard]] bool every_file_needs_yara() const noexcept { return !ungated_.empty(); }
  [[nodiscard]] const std::vector<RuleGate>& ungated() const noexcept { return ungated_; }
  [[nodiscard]] const Prefilter& prefilter() const noexcept { return prefilter_; }
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  [[nodiscard]] int timeout_seconds() const noexcept { return timeout_; }

 private:
  friend class YaraScanner;
  std::shared_ptr<YR_RULES> rules_;
  std::size_t rule_count_ = 0;
  std::vector<RuleGate> ungated_;
  Prefilter prefilter_;
  std::vector<std::string> warnings_;
  int timeout_ = 60;
};

class YaraScanner {
 public:
  [[nodiscard]] static Result<YaraScanner> create(const YaraRules& rules);

  [[nodiscard]] Result<std::vector<YaraMatch>> scan(std::string_view bytes, const FileNames& names);

 private:
  struct Free {
    void operator()(YR_SCAN_CONTEXT* s) const noexcept;
  };
  std::shared_ptr<YR_RULES> rules_;  // keeps the rule set alive as long as the scanner
  std::unique_ptr<YR_SCAN_CONTEXT, Free> scanner_;
};

// `name=value` for --yara-define.
[[nodiscard]] Result<std::pair<std::string, std::string>> parse_yara_define(std::string_view text);

}  // namespace exray::filescan
