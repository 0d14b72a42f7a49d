// SPDX-License-Identifier: Apache-2.0
#include "exray/report/format.hpp"

#include <fmt/format.h>

#include "exray/core/enum_names.hpp"
#include "exray/core/text.hpp"

namespace exray::report {

namespace {
using F = std::pair<Format, std::string_view>;
constexpr EnumNames kFormats{F{Format::text, "text"}, F{Format::jsonl, "jsonl"}, F{Format::csv, "csv"}};
}  // namespace

Result<Format> parse_format(std::string_view name) {
  if (auto format = kFormats.parse(name)) return *format;
  return fail(Errc::invalid_argument, fmt::format("unknown format '{}' (text, jsonl or csv)", printable(name)));
}

}  // namespace exray::report
