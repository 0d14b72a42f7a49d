// SPDX-License-Identifier: Apache-2.0
#include "exray/core/error.hpp"

#include <fmt/format.h>

#include "exray/core/enum_names.hpp"

namespace exray {

namespace {
using E = std::pair<Errc, std::string_view>;
constexpr EnumNames kErrcNames{E{Errc::invalid_argument, "invalid-argument"},
                               E{Errc::parse_error, "parse-error"},
                               E{Errc::io_error, "io-error"},
                               E{Errc::not_found, "not-found"},
                               E{Errc::limit_exceeded, "limit-exceeded"},
                               E{Errc::cancelled, "cancelled"}};
}  // namespace

std::string_view to_string(Errc code) noexcept { return kErrcNames.name(code); }

std::string Error::to_string() const {
  if (where.source.empty()) return message;
  if (where.line == 0) return fmt::format("{}: {}", where.source, message);
  if (where.column == 0) return fmt::format("{}:{}: {}", where.source, where.line, message);
  return fmt::format("{}:{}:{}: {}", where.source, where.line, where.column, message);
}

}  // namespace exray
