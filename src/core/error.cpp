// SPDX-License-Identifier: Apache-2.0
#include "exray/core/error.hpp"

#include <fmt/format.h>

namespace exray {

std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid-argument";
    case Errc::parse_error:
      return "parse-error";
    case Errc::io_error:
      return "io-error";
    case Errc::not_found:
      return "not-found";
    case Errc::limit_exceeded:
      return "limit-exceeded";
    case Errc::cancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string Error::to_string() const {
  if (where.source.empty()) return message;
  if (where.line == 0) return fmt::format("{}: {}", where.source, message);
  if (where.column == 0) return fmt::format("{}:{}: {}", where.source, where.line, message);
  return fmt::format("{}:{}:{}: {}", where.source, where.line, where.column, message);
}

}  // namespace exray
