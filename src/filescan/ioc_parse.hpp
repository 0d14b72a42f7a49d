// SPDX-License-Identifier: Apache-2.0
// Internal to the IOC parser: what the text (CSV, Loki, plain) and JSON (records, STIX) readers
// share. parse_ioc_file() in ioc.cpp sniffs the format and hands the whole text to one of them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "exray/filescan/ioc.hpp"

namespace exray::filescan::detail {

// What a CSV column or JSON key holds, judged by its name with case, ' ', '-' and '_' ignored.
enum class Field : std::uint8_t {
  other,
  hash,       // sha256, sha-1, md5, hash, FileMd5, sha256_hash, …: a hash or nothing
  value,      // Indicator, Data, ioc, value, …: may hold a hash, or a path, domain, IP
  type,       // IndicatorType, Indicator_type, type: says what `value` holds
  name,       // name, Note, comment, FileName, signature, …
  reference,  // source, reference: the publication
};
[[nodiscard]] Field classify_field(std::string_view column_name);

// True when a type cell ("sha256", "FileHash-SHA256", "md5", "hash") names a hash, or is empty.
[[nodiscard]] bool type_names_hash(std::string_view type_cell);

// A cell trimmed, and unquoted when the CSV splitter left its quotes (`a, "b"`).
[[nodiscard]] std::string_view cell_text(std::string_view cell) noexcept;

// Collects a list's indicators; cells are trimmed, checked and lower-cased here, and an
// Indicator::source is only built for a cell that is a hash.
class Collector {
 public:
  enum class Unit : std::uint8_t { line, record };
  Collector(std::string_view origin, Unit unit) : origin_(origin), unit_(unit) {}

  // A cell from a column that holds only hashes: false (nothing added) unless it is one.
  bool add(std::string_view cell, std::string_view name, std::string_view reference, std::size_t position);
  void skip_row() noexcept { ++file_.rows_skipped; }
  void reserve(std::size_t indicators) { file_.indicators.reserve(indicators); }
  [[nodiscard]] std::size_t count() const noexcept { return file_.indicators.size(); }
  [[nodiscard]] IocFile take() { return std::move(file_); }

 private:
  std::string_view origin_;
  Unit unit_;
  IocFile file_;
};

// Names and comments shown in findings are clipped to this many bytes (at a UTF-8 boundary).
inline constexpr std::size_t kMaxNameBytes = 200;
[[nodiscard]] std::string clip_name(std::string_view text);

// `text` has no BOM and starts, after blanks, with '{' or '['.
[[nodiscard]] Result<IocFile> parse_json_list(std::string_view text, std::string_view origin);
// CSV with a hash column, Loki `hash;comment`, or one hash per line.
[[nodiscard]] Result<IocFile> parse_text_list(std::string_view text, std::string_view origin);

}  // namespace exray::filescan::detail
