// SPDX-License-Identifier: Apache-2.0
#include "exray/kb/build.hpp"

#include <fmt/format.h>

#include "exray/core/text.hpp"

namespace exray::kb {
namespace {

std::string not_a_build(std::string_view text) {
  return fmt::format("'{}' is not a build number (expected major.minor.build[.revision], e.g. 15.1.2176.9)",
                     printable(text));
}

Result<Build> parse_dotted(std::string_view text, std::string_view original) {
  auto parts = split(text, '.');
  if (parts.size() != 3 && parts.size() != 4) return fail(Errc::parse_error, not_a_build(original));
  Build build;
  build.count = static_cast<std::uint8_t>(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto value = parse_u32(parts[i]);
    // Windows file versions, which Exchange builds are, hold 16 bits per part.
    if (!value || *value > 0xFFFFU) return fail(Errc::parse_error, not_a_build(original));
    build.part[i] = *value;
  }
  return build;
}

// "Version 15.1 (Build 2176.9)" as Get-ExchangeServer prints AdminDisplayVersion: exactly
// major.minor before "(Build", build.revision inside.
Result<Build> parse_admin_display_version(std::string_view text) {
  constexpr std::string_view kBuildWord = "(build ";
  auto rest = trim(text.substr(std::string_view("Version").size()));
  std::size_t open = std::string_view::npos;
  for (std::size_t i = 0; i + kBuildWord.size() <= rest.size(); ++i)
    if (istarts_with(rest.substr(i), kBuildWord)) {
      open = i;
      break;
    }
  if (open == std::string_view::npos || rest.empty() || rest.back() != ')')
    return fail(Errc::parse_error, not_a_build(text));
  auto version = trim(rest.substr(0, open));
  auto build = trim(rest.substr(open + kBuildWord.size(), rest.size() - open - kBuildWord.size() - 1));
  if (split(version, '.').size() != 2 || split(build, '.').size() != 2)
    return fail(Errc::parse_error, not_a_build(text));
  return parse_dotted(fmt::format("{}.{}", version, build), text);
}

}  // namespace

std::string Build::to_string() const {
  if (count == 3) return fmt::format("{}.{}.{}", part[0], part[1], part[2]);
  return fmt::format("{}.{}.{}.{}", part[0], part[1], part[2], part[3]);
}

Result<Build> parse_build(std::string_view text) {
  auto s = trim(text);
  if (istarts_with(s, "Version ")) return parse_admin_display_version(s);
  return parse_dotted(s, s);
}

}  // namespace exray::kb
