// SPDX-License-Identifier: Apache-2.0
// exray kb: Microsoft's ExchangeBuildNumbers.csv, the source of our release table.
//
// `exray kb convert` turns the CSV into kb/builds.yaml (what we ship); `--kb FILE.csv` reads a
// newer CSV directly, so users can update without a new release.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/kb/knowledge_base.hpp"

namespace exray::kb {

inline constexpr std::string_view kMicrosoftCsvHeader = "Product Name,Build Number,Date,KB,Blog";

// True when `text` starts with Microsoft's header (a UTF-8 BOM allowed).
[[nodiscard]] bool looks_like_microsoft_csv(std::string_view text) noexcept;

// Rows in file order; errors name `source`:line:col.
[[nodiscard]] Result<std::vector<Release>> parse_microsoft_csv(std::string_view text, std::string_view source);

// Our YAML form of releases, sorted by build, one flow mapping per line so diffs stay readable.
[[nodiscard]] std::string to_builds_yaml(std::span<const Release> releases, std::string_view provenance);

}  // namespace exray::kb
