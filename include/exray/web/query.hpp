// SPDX-License-Identifier: Apache-2.0
// The request target of a dashboard request, split into its path and its query parameters, and
// the reverse: parameters written back into a link.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace exray::web {

// A parameter given twice keeps its first value: the pages' forms never repeat one.
using Params = std::map<std::string, std::string, std::less<>>;

struct Target {
  std::string path;  // decoded, without the query
  Params params;
};

// Nothing for a target that is not an origin-form path or whose %-escapes are broken.
[[nodiscard]] std::optional<Target> parse_target(std::string_view target);

// "%XX" escapes and '+' as a space (as a form with method=get sends them); nothing if broken.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
// Every byte outside A-Z a-z 0-9 - . _ ~ as %XX: the result is safe in a URL and in HTML.
[[nodiscard]] std::string percent_encode(std::string_view text);

// "path?k=v&…" with the parameters whose value is not empty, in key order.
[[nodiscard]] std::string link(std::string_view path, const Params& params);

// The parameter, or "" when it is missing.
[[nodiscard]] std::string_view param(const Params& params, std::string_view key);

}  // namespace exray::web
