// SPDX-License-Identifier: Apache-2.0
// exray core: one table per enum for its stable names, so printing and parsing a name can
// never disagree and no enum grows a hand-written switch in each direction.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace exray {

template <class Enum, std::size_t N>
struct EnumNames {
  std::array<std::pair<Enum, std::string_view>, N> entries;

  [[nodiscard]] constexpr std::string_view name(Enum value) const noexcept {
    for (const auto& [v, n] : entries)
      if (v == value) return n;
    return "?";
  }
  [[nodiscard]] constexpr std::optional<Enum> parse(std::string_view text) const noexcept {
    for (const auto& [v, n] : entries)
      if (n == text) return v;
    return std::nullopt;
  }
};

template <class Enum, class... Entries>
EnumNames(std::pair<Enum, std::string_view>, Entries...) -> EnumNames<Enum, 1 + sizeof...(Entries)>;

}  // namespace exray
