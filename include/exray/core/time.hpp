// SPDX-License-Identifier: Apache-2.0
// exray core: instants and calendar dates.
//
// Findings carry instants (UTC, microsecond precision, printed as ISO 8601); the knowledge base
// carries calendar dates. Both parse strictly and print one canonical form.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray {

using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;
using Date = std::chrono::year_month_day;

[[nodiscard]] TimePoint now() noexcept;
[[nodiscard]] Date today() noexcept;

// "2021-03-02T10:04:05.123456Z"; whole seconds print without a fraction.
[[nodiscard]] std::string format_iso8601(TimePoint t);
// "2021-03-02"
[[nodiscard]] std::string format_date(Date d);

// "YYYY-MM-DD"
[[nodiscard]] Result<Date> parse_iso_date(std::string_view text);
// A log timestamp: "YYYY-MM-DD", then 'T' or ' ', "HH:MM:SS", an optional fraction and an
// optional 'Z' (Exchange: 2021-03-03T04:57:08.123Z; IIS: 2021-03-03 04:57:08). Read as UTC.
[[nodiscard]] Result<TimePoint> parse_timestamp(std::string_view text);
// US "M/D/YYYY" as in Microsoft's build table (one- or two-digit month and day).
[[nodiscard]] Result<Date> parse_us_date(std::string_view text);

}  // namespace exray
