// SPDX-License-Identifier: Apache-2.0
// Text indicator lists: CSV with a named hash column, Loki `hash;comment`, one hash per line.
#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "exray/core/csv.hpp"
#include "exray/core/text.hpp"
#include "ioc_parse.hpp"

namespace exray::filescan::detail {

namespace {

// A quoted CSV field may span lines; past this a stray quote is a typo, not a field.
constexpr std::size_t kMaxRecordBytes = 64U << 10U;
// A header longer than this is a data line (or junk), not column names.
constexpr std::size_t kMaxHeaderBytes = 4096;

// Lines of text (LF or CRLF; a last line without newline counts), numbered from 1.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const void* nl = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
    const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) : text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  [[nodiscard]] std::size_t number() const noexcept { return number_; }  // of the last line read

  struct Mark {
    std::size_t pos, number;
  };
  [[nodiscard]] Mark mark() const noexcept { return {pos_, number_}; }
  void reset(Mark m) noexcept { pos_ = m.pos, number_ = m.number; }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

bool is_comment(std::string_view trimmed) { return trimmed.starts_with('#'); }

constexpr bool is_token_end(char c) noexcept { return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '|'; }

char pick_separator(std::string_view header) {
  const auto commas = std::count(header.begin(), header.end(), ',');
  const auto semicolons = std::count(header.begin(), header.end(), ';');
  const auto tabs = std::count(header.begin(), header.end(), '\t');
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

// Commas follow RFC 4180 (exray's splitter); ';' and tab lists are split plainly, with one level
// of quotes taken off each cell: they come from spreadsheets whose hash cells never hold either.
Result<void> split_cells(std::string_view line, char sep, std::string& scratch, std::vector<std::string_view>& out) {
  if (sep == ',') return split_csv_fields(line, scratch, out);
  out.clear();
  for (;;) {
    const auto at = line.find(sep);
    out.push_back(cell_text(line.substr(0, at)));
    if (at == std::string_view::npos) return {};
    line.remove_prefix(at + 1);
  }
}

struct Layout {
  char sep = ',';
  std::vector<Field> fields;
};

// A header names at least one column that can hold a hash.
std::optional<Layout> read_header(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.size() > kMaxHeaderBytes) return std::nullopt;
  Layout layout{pick_separator(line), {}};
  std::string scratch;
  std::vector<std::string_view> cells;
  if (!split_cells(line, layout.sep, scratch, cells)) return std::nullopt;
  bool any_hash_column = false;
  for (auto cell : cells) {
    layout.fields.push_back(classify_field(cell_text(cell)));
    any_hash_column = any_hash_column || layout.fields.back() == Field::hash || layout.fields.back() == Field::value;
  }
  if (!any_hash_column) return std::nullopt;
  return layout;
}

std::size_t quotes_in(std::string_view s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '"')); }

// The record starting with `line`: just the line, unless it opens a quoted field that a later
// line closes (a cell with a line break), in which case the reader moves past that line.
std::string_view next_record(LineReader& lines, std::string_view line) {
  if (quotes_in(line) % 2 == 0) return line;
  const auto start = static_cast<std::size_t>(line.data() - lines.text().data());
  const auto mark = lines.mark();
  std::size_t quotes = quotes_in(line);
  std::string_view more;
  while (lines.next(more)) {
    const auto end = static_cast<std::size_t>(more.data() - lines.text().data()) + more.size();
    if (end - start > kMaxRecordBytes) break;
    quotes += quotes_in(more);
    if (quotes % 2 == 0) return lines.text().substr(start, end - start);
  }
  lines.reset(mark);
  return line;
}

IocFile parse_csv(LineReader& lines, const Layout& layout, std::string_view origin) {
  Collector out(origin, Collector::Unit::line);
  std::string scratch;
  std::vector<std::string_view> cells;
  std::string_view line;
  while (lines.next(line)) {
    const auto trimmed = trim(line);
    if (trimmed.empty() || is_comment(trimmed)) continue;
    const std::size_t number = lines.number();
    const auto record = layout.sep == ',' ? next_record(lines, line) : line;
    if (!split_cells(record, layout.sep, scratch, cells)) {
      out.skip_row();
      continue;
    }
    const std::size_t n = std::min(cells.size(), layout.fields.size());
    std::string_view name, reference, type;
    bool typed = false;
    for (std::size_t i = 0; i < n; ++i) {
      const auto cell = cell_text(cells[i]);
      if (layout.fields[i] == Field::name && name.empty()) name = cell;
      if (layout.fields[i] == Field::reference && reference.empty()) reference = cell;
      if (layout.fields[i] == Field::type && !typed) {
        type = cell;
        typed = true;
      }
    }
    // MSTIC and Sophos put paths, domains and IPs in the same column: their type cell tells.
    const bool hash_row = !typed || type_names_hash(type);
    bool added = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (layout.fields[i] == Field::hash || (layout.fields[i] == Field::value && hash_row))
        added = out.add(cells[i], name, reference, number) || added;
    }
    if (!added) out.skip_row();
  }
  return out.take();
}

// Loki's `hash;comment`, sha256sum's `hash  name` (`*name` in binary mode), or a bare hash.
IocFile parse_lines(LineReader& lines, std::string_view origin) {
  Collector out(origin, Collector::Unit::line);
  // Long lists are SHA-256 lines: one allocation instead of twenty doublings. Pages of the
  // reserve that a shorter list never fills are never touched.
  out.reserve(lines.text().size() / 65);
  std::string_view line;
  while (lines.next(line)) {
    const auto trimmed = trim(line);
    if (trimmed.empty() || is_comment(trimmed)) continue;
    // Most lines are a bare hash: a line of exactly hash length with a separator in it holds no
    // hash either way, so such a line need not be scanned for one. (Not find_first_of for the
    // others: libstdc++ makes that a memchr call per byte.)
    std::size_t end = 0;
    if (trimmed.size() == 32 || trimmed.size() == 40 || trimmed.size() == 64) end = trimmed.size();
    while (end < trimmed.size() && !is_token_end(trimmed[end])) ++end;
    auto rest = trim(trimmed.substr(end));
    if (!rest.empty() && std::strchr(",;|#*", rest.front()) != nullptr) rest = trim(rest.substr(1));
    if (!out.add(trimmed.substr(0, end), rest, {}, lines.number())) out.skip_row();
  }
  return out.take();
}

}  // namespace

Result<IocFile> parse_text_list(std::string_view text, std::string_view origin) {
  LineReader lines(text);
  // The header is the first line that is not blank or a comment; abuse.ch comments theirs out
  // (`# "first_seen_utc","sha256_hash",…`), so a commented header just before it also counts
  // when the data rows use its separator.
  std::optional<Layout> commented;
  std::string_view line;
  while (lines.next(line)) {
    const auto trimmed = trim(line);
    if (trimmed.empty()) continue;
    if (is_comment(trimmed)) {
      const auto body = trimmed.substr(1);
      if (body.find_first_of(",;\t") == std::string_view::npos) continue;
      if (auto layout = read_header(body)) commented = std::move(layout);
      continue;
    }
    if (auto layout = read_header(trimmed)) return parse_csv(lines, *layout, origin);
    const auto first_data = LineReader::Mark{static_cast<std::size_t>(line.data() - text.data()), lines.number() - 1};
    if (commented && trimmed.find(commented->sep) != std::string_view::npos) {
      lines.reset(first_data);
      return parse_csv(lines, *commented, origin);
    }
    break;
  }
  LineReader again(text);
  return parse_lines(again, origin);
}

}  // namespace exray::filescan::detail
