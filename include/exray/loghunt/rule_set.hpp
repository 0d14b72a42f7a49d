// SPDX-License-Identifier: Apache-2.0
// exray loghunt: rules compiled once for a whole hunt.
//
// For each log type, every prefilter pattern of the rules that read it goes into one PatternSet,
// plus the "#Fields:" directive that log formats need to follow their header. Scanning a buffer
// with it yields pattern ids; select() turns the ids that hit one line into the rules to try.
// Immutable after compile(): threads share it and each makes its own scratch.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/loghunt/rule.hpp"
#include "exray/match/pattern_set.hpp"

namespace exray::loghunt {

class RuleSet {
 public:
  // The pattern id of "#Fields:", present in the sets of CSV and W3C logs.
  static constexpr unsigned kDirectiveId = 0xFFFFFF00U;

  // Fails on a duplicate rule id (naming both places) or a prefilter Hyperscan rejects.
  [[nodiscard]] static Result<RuleSet> compile(std::vector<Rule> rules);

  [[nodiscard]] const std::vector<Rule>& rules() const noexcept { return rules_; }
  [[nodiscard]] const match::PatternSet& prefilter(LogType type) const noexcept {
    return prefilters_[static_cast<std::size_t>(type)];
  }
  // Whether any rule reads this log type (a hunt can skip the file otherwise).
  [[nodiscard]] bool reads(LogType type) const noexcept { return reads_[static_cast<std::size_t>(type)]; }
  [[nodiscard]] std::span<const std::uint32_t> file_rules() const noexcept { return file_rules_; }

  // Rules of `type` that the prefilter matches of one line point to, in rule order, once each.
  void select(LogType type, std::span<const match::PatternMatch> matches, std::vector<std::uint32_t>& out) const;

 private:
  std::vector<Rule> rules_;
  std::vector<std::vector<std::uint32_t>> owners_;  // pattern id -> rules that gave that pattern
  std::array<match::PatternSet, kLogTypeCount> prefilters_;
  std::array<bool, kLogTypeCount> reads_{};
  std::vector<std::uint32_t> file_rules_;
};

}  // namespace exray::loghunt
