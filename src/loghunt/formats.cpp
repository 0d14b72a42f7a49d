// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/formats.hpp"

#include <fmt/format.h>

#include "exray/core/csv.hpp"
#include "exray/core/text.hpp"

namespace exray::loghunt {

void split_w3c_row(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  while (i <= line.size()) {
    std::size_t end = line.find(' ', i);
    if (end == std::string_view::npos) end = line.size();
    auto value = line.substr(i, end - i);
    out.push_back(value == "-" ? std::string_view{} : value);
    i = end + 1;
  }
}

Columns w3c_default_columns() {
  return Columns({"date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip",
                  "cs(User-Agent)", "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken"});
}

namespace {

constexpr std::string_view kFields = "#Fields:";

// Exchange's first line repeats the #Fields list as a plain row: names only, no timestamps.
bool looks_like_header_row(std::string_view line) {
  if (line.empty()) return false;
  for (auto name : split(line, ',')) {
    if (name.empty() || !((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'))) return false;
    for (char c : name)
      if (c == ' ' || c == ':' || c == '"') return false;
  }
  return true;
}

std::vector<std::string> to_names(const std::vector<std::string_view>& views) {
  std::vector<std::string> names;
  for (auto v : views) names.emplace_back(trim(v));
  return names;
}

}  // namespace

LineParser::LineParser(LogType type) : type_(type), dialect_(dialect_of(type)) {
  if (dialect_ == Dialect::w3c) columns_ = w3c_default_columns();
}

bool LineParser::on_header_candidate(std::string_view line, bool first_line) {
  if (!line.empty() && line[0] == '#') {
    if (!istarts_with(line, kFields)) return true;  // #Software, #Date, comments: not data
    const auto list = trim(line.substr(kFields.size()));
    std::vector<std::string_view> views;
    if (dialect_ == Dialect::w3c) {
      for (auto v : split(list, ' '))
        if (!v.empty()) views.push_back(v);
    } else {
      views = split(list, ',');
    }
    columns_ = Columns(to_names(views));
    return true;
  }
  if (first_line && dialect_ == Dialect::exchange_csv && looks_like_header_row(line)) {
    columns_ = Columns(to_names(split(line, ',')));
    return true;
  }
  return false;
}

Result<void> LineParser::parse(std::string_view line, Record& out) {
  out.type = type_;
  out.line = line;
  out.columns = &columns_;
  out.captures.clear();
  switch (dialect_) {
    case Dialect::exchange_csv:
      return split_csv_fields(line, scratch_, out.values);
    case Dialect::w3c:
      split_w3c_row(line, out.values);
      return {};
    case Dialect::text:
    case Dialect::evtx:
      out.columns = nullptr;
      out.values.clear();
      return {};
  }
  return {};
}

namespace {

bool path_has(std::string_view path, std::string_view part) {
  // Compare with '/' and '\' as one separator, ignoring case.
  if (part.size() > path.size()) return false;
  for (std::size_t i = 0; i + part.size() <= path.size(); ++i) {
    bool same = true;
    for (std::size_t j = 0; j < part.size() && same; ++j) {
      char a = path[i + j], b = part[j];
      if (a == '\\') a = '/';
      same = a == b || (a >= 'A' && a <= 'Z' && a - 'A' + 'a' == b);
    }
    if (same) return true;
  }
  return false;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "2021-03-03 04:57:08 " opens every W3C data line with the default fields.
bool looks_like_w3c_row(std::string_view line) {
  return line.size() > 20 && is_digit(line[0]) && is_digit(line[3]) && line[4] == '-' && line[7] == '-' &&
         line[10] == ' ' && line[13] == ':' && line[16] == ':' && line[19] == ' ';
}

}  // namespace

std::optional<LogType> sniff_log_type(std::string_view head, std::string_view path) {
  if (head.starts_with(std::string_view("ElfFile\0", 8))) return LogType::evtx;
  if (head.find('\0') != std::string_view::npos) return std::nullopt;

  bool exchange = false, w3c_rows = false;
  for (auto line : split_lines(head)) {
    if (istarts_with(line, "#Software: Microsoft Internet Information Services")) return LogType::iis;
    if (istarts_with(line, "#Log-type: HttpProxy")) return LogType::httpproxy;
    if (istarts_with(line, "DateTime,RequestId,")) return LogType::httpproxy;
    if (istarts_with(line, "#Fields: TimeStamp,ServerName,EventId,EventData") ||
        istarts_with(line, "TimeStamp,ServerName,EventId,EventData"))
      return LogType::ecp_server;
    if (istarts_with(line, "#Software: Microsoft Exchange")) exchange = true;
    if (looks_like_w3c_row(line)) w3c_rows = true;
  }
  if (path_has(path, "/httpproxy/")) return LogType::httpproxy;
  if (path_has(path, "/ecp/server/")) return LogType::ecp_server;
  if (path_has(path, "/oabgeneratorlog/")) return LogType::oab_generator;
  if (exchange) return LogType::exchange;
  if (path_has(path, "/w3svc") || path_has(path, "/inetpub/logs/") || w3c_rows) return LogType::iis;
  return LogType::text;
}

std::optional<Date> sniff_first_date(std::string_view head) {
  for (auto line : split_lines(head)) {
    std::string_view text = line;
    if (istarts_with(line, "#Date:")) {
      text = trim(line.substr(6));
    } else if (line.empty() || line[0] == '#') {
      continue;
    }
    if (text.size() >= 10)
      if (auto date = parse_iso_date(text.substr(0, 10))) return *date;
    if (!istarts_with(line, "#Date:") && !looks_like_header_row(line)) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace exray::loghunt
