// SPDX-License-Identifier: Apache-2.0
// exray loghunt: the kinds of log a hunt recognises. Rules name the kinds they apply to.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace exray::loghunt {

enum class LogType : std::uint8_t {
  httpproxy,      // Exchange front-end proxy log (CSV), Logging\HttpProxy\<protocol>
  ecp_server,     // Exchange control panel server log (CSV), Logging\ECP\Server
  oab_generator,  // OAB generator log (text), Logging\OABGeneratorLog
  exchange,       // any other Exchange CSV log (Rps, CmdletInfra, …)
  iis,            // IIS W3C extended log
  evtx,           // Windows event log
  text,           // any other text file: one record per line
};
inline constexpr std::size_t kLogTypeCount = 7;

[[nodiscard]] std::string_view to_string(LogType type) noexcept;
[[nodiscard]] std::optional<LogType> parse_log_type(std::string_view name) noexcept;

// How a log's lines are split into fields.
enum class Dialect : std::uint8_t { exchange_csv, w3c, text, evtx };
[[nodiscard]] Dialect dialect_of(LogType type) noexcept;

}  // namespace exray::loghunt
