// SPDX-License-Identifier: Apache-2.0
// The command line of the test-data tools, over CLI11: the validators CLI11 lacks (strict
// decimal numbers, sizes such as `--size 5G`, a fresh output folder, a non-empty value) and
// parse(), which gives every tool the same exit statuses: 0 after --help, 2 on a usage error.
#pragma once

#include <CLI/CLI.hpp>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace tools {

namespace detail {

inline std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  std::uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace detail

// CLI11 reads integers with strtoull in base 0: "010" would be 8, "0x10" 16 and "-1" 2^64-1, a
// different seed without a word. Seeds and counts are plain decimal; the value is rewritten
// without leading zeros before CLI11 converts it. Use with Option::transform.
inline CLI::Validator decimal() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const auto n = detail::parse_decimal(value);
        if (!n) return "'" + value + "' is not a non-negative integer";
        value = std::to_string(*n);
        return {};
      },
      "", "decimal");
}

// BYTES, or N with a K, M or G suffix (binary multiples, either case): "300K", "5G". The value
// is rewritten as a byte count. Use with Option::transform.
inline CLI::Validator size() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        std::string_view s = value;
        constexpr std::string_view kUnits = "kmg";  // 2^10, 2^20, 2^30
        unsigned shift = 0;
        if (!s.empty()) {
          const auto unit = kUnits.find(static_cast<char>(std::tolower(static_cast<unsigned char>(s.back()))));
          if (unit != std::string_view::npos) {
            shift = 10 * static_cast<unsigned>(unit + 1);
            s.remove_suffix(1);
          }
        }
        const auto n = detail::parse_decimal(s);
        if (!n || *n > (UINT64_MAX >> shift)) return "'" + value + "' is not a size (BYTES, NK, NM or NG)";
        value = std::to_string(*n << shift);
        return {};
      },
      "", "size");
}

// An output folder that is absent or empty: stale files in it would not match the ground truth.
inline CLI::Validator fresh_folder() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        if (value.empty()) return "needs a folder name";
        std::error_code ec;
        if (std::filesystem::exists(value, ec) &&
            (!std::filesystem::is_directory(value, ec) || !std::filesystem::is_empty(value, ec)))
          return "'" + value + "' exists and is not an empty folder (stale files would not match the ground truth)";
        return {};
      },
      "", "fresh folder");
}

// CLI11 takes `--opt ""` as a value.
inline CLI::Validator non_empty() {
  return CLI::Validator(
      [](std::string& value) -> std::string { return value.empty() ? "needs a value" : std::string(); }, "",
      "non-empty");
}

// Parses the command line, then runs `check` for what no single option can say (it throws a
// CLI::ParseError, e.g. CLI::RequiredError). Returns the exit status when the tool must stop
// there: 0 after --help; 2 after a usage error, printed as "<tool>: <message>" and the hint to
// --help.
template <class Check>
[[nodiscard]] std::optional<int> parse(CLI::App& app, int argc, char** argv, Check&& check) {
  app.failure_message(
      [](const CLI::App* a, const CLI::Error& e) { return a->get_name() + ": " + CLI::FailureMessage::simple(a, e); });
  try {
    app.parse(argc, argv);
    check();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace tools
