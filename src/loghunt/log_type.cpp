// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/log_type.hpp"

#include <utility>

#include "exray/core/enum_names.hpp"

namespace exray::loghunt {

namespace {
using N = std::pair<LogType, std::string_view>;
constexpr EnumNames kNames{N{LogType::httpproxy, "httpproxy"}, N{LogType::ecp_server, "ecp_server"},
                           N{LogType::oab_generator, "oab_generator"}, N{LogType::exchange, "exchange"},
                           N{LogType::iis, "iis"},                 N{LogType::evtx, "evtx"},
                           N{LogType::text, "text"}};
static_assert(kNames.entries.size() == kLogTypeCount);
}  // namespace

std::string_view to_string(LogType type) noexcept { return kNames.name(type); }
std::optional<LogType> parse_log_type(std::string_view name) noexcept { return kNames.parse(name); }

Dialect dialect_of(LogType type) noexcept {
  switch (type) {
    case LogType::httpproxy:
    case LogType::ecp_server:
    case LogType::exchange:
      return Dialect::exchange_csv;
    case LogType::iis:
      return Dialect::w3c;
    case LogType::evtx:
      return Dialect::evtx;
    case LogType::oab_generator:
    case LogType::text:
      return Dialect::text;
  }
  return Dialect::text;
}

}  // namespace exray::loghunt
