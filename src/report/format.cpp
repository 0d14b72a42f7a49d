// SPDX-License-Identifier: Apache-2.0
#include "exray/report/format.hpp"

#include <fmt/format.h>

#include "exray/core/text.hpp"

namespace exray::report {

Result<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "jsonl") return Format::jsonl;
  if (name == "csv") return Format::csv;
  return fail(Errc::invalid_argument, fmt::format("unknown format '{}' (text, jsonl or csv)", printable(name)));
}

std::string_view to_string(Format format) noexcept {
  switch (format) {
    case Format::text:
      return "text";
    case Format::jsonl:
      return "jsonl";
    case Format::csv:
      return "csv";
  }
  return "?";
}

}  // namespace exray::report
