// SPDX-License-Identifier: Apache-2.0
// exray loghunt: the line formats, as pure functions over bytes (no I/O).
//
// Exchange CSV logs start with a plain header row, then #Software/#Version/#Log-type/#Date/#Fields
// directives, then RFC 4180 rows. IIS W3C logs carry "#Fields: a b c" directives that may change
// mid-file; a file without one uses IIS's default field list. LineParser follows the header as
// directives arrive and splits the lines the prefilter selects.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/time.hpp"
#include "exray/loghunt/log_type.hpp"
#include "exray/loghunt/record.hpp"

namespace exray::loghunt {

// Space-separated W3C values; "-" (IIS's empty) becomes "".
void split_w3c_row(std::string_view line, std::vector<std::string_view>& out);

// The fields IIS logs by default, for W3C files that have lost their #Fields line.
[[nodiscard]] Columns w3c_default_columns();

// Keeps the columns of one log file current and turns lines into Records.
class LineParser {
 public:
  explicit LineParser(LogType type);

  // Feed line 1 and every line starting with '#'. Returns true when it was a header or directive
  // (and so is not data).
  bool on_header_candidate(std::string_view line, bool first_line);
  // Splits a data line into `out` (which keeps pointing at this parser's columns and scratch).
  [[nodiscard]] Result<void> parse(std::string_view line, Record& out);

  [[nodiscard]] LogType type() const noexcept { return type_; }

 private:
  LogType type_;
  Dialect dialect_;
  Columns columns_;
  std::string scratch_;
};

// What a file is, from its first bytes and its path (with '/' or '\' separators, any case).
// nullopt: binary content that is not a log we read.
[[nodiscard]] std::optional<LogType> sniff_log_type(std::string_view head, std::string_view path);

// The first date a log covers: its "#Date:" directive or the timestamp that opens its first data
// line. Used to tell users how far back each log folder reaches.
[[nodiscard]] std::optional<Date> sniff_first_date(std::string_view head);

}  // namespace exray::loghunt
