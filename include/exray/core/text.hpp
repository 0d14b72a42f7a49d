// SPDX-License-Identifier: Apache-2.0
// exray core: small ASCII text helpers shared by the parsers.
//
// Log and data formats we read are ASCII-structured even when their payload is not, so these
// helpers never depend on the locale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exray {

[[nodiscard]] std::string_view trim(std::string_view s) noexcept;
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] bool istarts_with(std::string_view s, std::string_view prefix) noexcept;
[[nodiscard]] bool icontains(std::string_view s, std::string_view part) noexcept;

// Splits on every `sep`; keeps empty fields ("a,,b" gives three).
[[nodiscard]] std::vector<std::string_view> split(std::string_view s, char sep);

// Splits text into lines, accepting LF and CRLF; a final line without newline counts.
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

// A decimal integer made of digits only (leading zeros fine) that fits in uint32.
[[nodiscard]] std::optional<std::uint32_t> parse_u32(std::string_view digits) noexcept;

// Decodes %XX escapes and '+' (a space in query strings), as a web server would before routing;
// a malformed escape stays as it is.
[[nodiscard]] std::string url_decode(std::string_view text);

// Untrusted text made safe to echo in one line of an error message: at most `max_bytes` bytes
// (then "..."), control and non-ASCII bytes as \xNN.
[[nodiscard]] std::string printable(std::string_view s, std::size_t max_bytes = 80);

}  // namespace exray
