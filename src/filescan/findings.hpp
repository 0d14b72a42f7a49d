// SPDX-License-Identifier: Apache-2.0
// How file-scan results become Findings: the same facts (path, digests, size, times) on every
// one, so each finding can be acted on alone.
#pragma once

#include <vector>

#include "exray/core/finding.hpp"
#include "exray/filescan/hashes.hpp"
#include "exray/filescan/heuristics.hpp"
#include "exray/filescan/ioc.hpp"
#include "exray/filescan/yara_rules.hpp"
#include "exray/walk/walker.hpp"

namespace exray::filescan {

struct FileFacts {
  const walk::FileEntry* entry;
  const Digests* digests;
};

[[nodiscard]] Finding ioc_finding(const FileFacts& facts, const Indicator& indicator);
[[nodiscard]] Finding hit_finding(const FileFacts& facts, Hit hit);
[[nodiscard]] Finding yara_finding(const FileFacts& facts, const YaraMatch& match);
// One finding for every file DearCry encrypted: the count, and the files in path order.
[[nodiscard]] Finding encrypted_summary(const std::vector<Finding>& files);

}  // namespace exray::filescan
