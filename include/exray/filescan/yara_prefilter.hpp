// SPDX-License-Identifier: Apache-2.0
// exray filescan: which files can skip YARA.
//
// YARA's own scan costs several nanoseconds a byte; most files on a server contain none of the
// strings any rule looks for. analyse_yara_rules() reads rule source the way YARA does and, for
// each rule, proves (or fails to prove) that its condition can only be true when certain of its
// strings occur, and which combination of them (`$a and any of ($b*)`). For such a "gated" rule
// it derives Hyperscan patterns that match at least wherever those strings match (literals
// exactly, hex strings and regexes as prefilters) and the logical combination they must satisfy.
// When every rule is gated, a file in which no rule's combination holds cannot match any rule and
// is not handed to libyara at all; libyara stays the judge for every file that is.
//
// The analysis is conservative: anything it does not understand (`for` loops, `xor`/`base64`
// strings, module calls alone, a regex Hyperscan rejects) leaves the rule ungated, which costs
// speed, never a match.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/match/pattern_set.hpp"

namespace exray::filescan {

struct YaraSource {
  std::string name_space;  // rules in one namespace may refer to each other
  std::string origin;      // the file it came from (includes resolve next to it), or a label
  std::string text;
};

struct RuleGate {
  std::string name_space;
  std::string rule;
  bool gated = false;
  std::string why_not;                  // when not gated: the construct that defeated the proof
  std::vector<match::Pattern> patterns;  // when gated: what occurs wherever the rule can match
  // How the patterns must occur together, in Hyperscan's logical-combination syntax over their
  // positions in `patterns`: "(0&(1|2))" for `$a and ($b or $c)`.
  std::string combination;
};

// Never fails: what cannot be read is reported as ungated rules (libyara, which compiles the
// same text, reports real syntax errors).
[[nodiscard]] std::vector<RuleGate> analyse_yara_rules(std::span<const YaraSource> sources);

// The gates of a rule set as one Hyperscan pass: every pattern reports its first match, then
// each rule's combination is checked against what occurred.
class Prefilter {
 public:
  struct State {
    match::PatternSet::Scratch scratch;
    std::vector<match::PatternMatch> matches;
    std::vector<char> seen;
  };

  // Gated rules whose patterns Hyperscan rejects lose their gate and join `ungated`.
  [[nodiscard]] static Prefilter build(std::vector<RuleGate>& gates, std::vector<RuleGate>& ungated);

  [[nodiscard]] Result<State> make_state() const;
  // False only when no gated rule's combination holds in `bytes`.
  [[nodiscard]] bool may_match(std::string_view bytes, State& state) const;

 private:
  struct Node {
    char op = 'p';  // 'p': pattern `id`; '&' or '|' over `kids`
    unsigned id = 0;
    std::vector<Node> kids;
  };
  [[nodiscard]] static bool holds(const Node& node, const std::vector<char>& seen);
  [[nodiscard]] static std::optional<Node> parse(std::string_view expression, unsigned base);

  match::PatternSet set_;
  std::vector<Node> rules_;
  std::size_t patterns_ = 0;
};

}  // namespace exray::filescan
