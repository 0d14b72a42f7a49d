// SPDX-License-Identifier: Apache-2.0
// exray kb: Exchange build numbers.
//
// A Build is major.minor.build.revision compared as an integer 4-tuple (15.1.2176.9 is older
// than 15.1.2176.12). Remote evidence sometimes gives only three parts (the CU level, e.g. from
// an OWA resource path); such a Build is "inexact" and names a *branch*: every security update
// for one CU shares its first three parts.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray::kb {

struct Build {
  std::array<std::uint32_t, 4> part{};
  std::uint8_t count = 0;  // 3 (CU level only) or 4 (exact)

  [[nodiscard]] bool exact() const noexcept { return count == 4; }
  // The CU branch: the first three parts.
  [[nodiscard]] Build branch() const noexcept { return Build{{part[0], part[1], part[2], 0}, 3}; }
  [[nodiscard]] bool same_branch(const Build& other) const noexcept { return same_prefix(other, 3); }
  [[nodiscard]] bool same_version(const Build& other) const noexcept { return same_prefix(other, 2); }
  [[nodiscard]] bool same_prefix(const Build& other, std::size_t parts) const noexcept {
    for (std::size_t i = 0; i < parts && i < part.size(); ++i)
      if (part[i] != other.part[i]) return false;
    return true;
  }
  // The first `parts` parts, the rest zero: orders branches of any depth.
  [[nodiscard]] Build prefix(std::size_t parts) const noexcept {
    Build b{{}, 4};
    for (std::size_t i = 0; i < parts && i < part.size(); ++i) b.part[i] = part[i];
    return b;
  }
  // The short form without padding: "15.1.2176.9", or "15.1.2176" for a branch.
  [[nodiscard]] std::string to_string() const;

  // Tuple order; a three-part build sorts just before the four-part builds of its branch.
  friend auto operator<=>(const Build&, const Build&) = default;
};

// Accepts "15.1.2176.9", the padded "15.01.2176.009", three-part "15.1.2176", and Exchange's
// AdminDisplayVersion "Version 15.1 (Build 2176.9)". Surrounding white space is ignored.
[[nodiscard]] Result<Build> parse_build(std::string_view text);

}  // namespace exray::kb
