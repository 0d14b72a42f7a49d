// SPDX-License-Identifier: Apache-2.0
// exray loghunt: the rules shipped in rules/logs/, compiled into the binary, and loading more
// rules from users' folders.
#pragma once

#include <filesystem>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/loghunt/rule.hpp"
#include "exray/loghunt/rule_set.hpp"

namespace exray::loghunt {

[[nodiscard]] Result<std::vector<Rule>> builtin_rules();
// The same, compiled: what a hunt with no --rules uses.
[[nodiscard]] Result<RuleSet> builtin_rule_set();
// Every *.yaml / *.yml file in `folder` (recursively, in path order), or one file.
[[nodiscard]] Result<std::vector<Rule>> load_rule_path(const std::filesystem::path& path);

}  // namespace exray::loghunt
