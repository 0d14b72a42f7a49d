// SPDX-License-Identifier: Apache-2.0
// exray match: PowerShell `-like` globs, the language Microsoft's own hunting queries use.
//
// Case-insensitive (ASCII), anchored at both ends, `*` matches any run of bytes (including `/`
// and `\`), `?` exactly one byte; every other byte is literal, so Windows paths need no escaping.
#pragma once

#include <string_view>

namespace exray::match {

[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text) noexcept;

// The longest run of literal bytes in `pattern`: every text the glob matches contains it, so it
// can serve as a prefilter literal.
[[nodiscard]] std::string_view glob_longest_literal(std::string_view pattern) noexcept;

}  // namespace exray::match
