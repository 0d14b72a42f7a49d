// SPDX-License-Identifier: Apache-2.0
// exray core: whole-file reads for small inputs (configuration, rules, knowledge base).
//
// Engines stream their big inputs; this is only for files that must fit in memory, so it
// refuses anything over `max_bytes` instead of exhausting memory on a wrong path.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

namespace exray {

inline constexpr std::size_t kMaxSmallFileBytes = 64U << 20U;

[[nodiscard]] Result<std::string> read_small_file(const std::filesystem::path& path,
                                                  std::size_t max_bytes = kMaxSmallFileBytes);

// The files under `path` (recursively) whose extension is one of `extensions` (any case),
// sorted; or `path` itself when it is a file. `what` names them in errors ("YARA rule").
[[nodiscard]] Result<std::vector<std::filesystem::path>> list_files(const std::filesystem::path& path,
                                                                    std::span<const std::string_view> extensions,
                                                                    std::string_view what);

}  // namespace exray
