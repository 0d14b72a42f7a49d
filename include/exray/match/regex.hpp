// SPDX-License-Identifier: Apache-2.0
// exray match: regular expressions in linear time (RE2), case-insensitive, over raw bytes.
//
// Rules run regexes on attacker-controlled log lines, so backtracking engines are out: RE2
// guarantees time linear in the input. Named groups, e.g. (?P<path>…), let a rule pull a value out
// of a line for later conditions and for the report.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

namespace re2 {
class RE2;
}

namespace exray::match {

class Regex {
 public:
  // Fails with RE2's reason for a pattern it cannot compile.
  [[nodiscard]] static Result<Regex> compile(std::string_view pattern);

  [[nodiscard]] bool search(std::string_view text) const;
  // Like search, and on a match fills `groups` with every capturing group (index 0 = group 1);
  // a group that did not take part is empty.
  [[nodiscard]] bool search(std::string_view text, std::vector<std::string_view>& groups) const;

  // (group number, name) of every named group.
  [[nodiscard]] const std::vector<std::pair<int, std::string>>& named_groups() const noexcept { return names_; }
  [[nodiscard]] int group_count() const noexcept;
  [[nodiscard]] const std::string& pattern() const noexcept;

 private:
  std::shared_ptr<const re2::RE2> re_;  // RE2 is safe to share between threads once compiled
  std::vector<std::pair<int, std::string>> names_;
};

}  // namespace exray::match
