// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/record.hpp"

#include <array>
#include <cctype>

#include "exray/core/text.hpp"

namespace exray::loghunt {

int Columns::index_of(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (iequals(names_[i], name)) return static_cast<int>(i);
  return -1;
}

namespace {

struct Alias {
  std::string_view name;
  std::array<std::string_view, 3> columns;  // the first present one wins
};

constexpr Alias kAliases[] = {
    {"status", {"HttpStatus", "sc-status", ""}},          {"user", {"AuthenticatedUser", "cs-username", ""}},
    {"method", {"Method", "cs-method", ""}},              {"client_ip", {"ClientIpAddress", "c-ip", ""}},
    {"url_path", {"UrlStem", "cs-uri-stem", ""}},         {"query", {"UrlQuery", "cs-uri-query", ""}},
    {"user_agent", {"UserAgent", "cs(User-Agent)", ""}}, {"timestamp", {"DateTime", "TimeStamp", "TimeCreated"}},
};

std::optional<std::string_view> column(const Record& r, std::string_view name) {
  if (!r.columns) return std::nullopt;
  const int i = r.columns->index_of(name);
  if (i < 0 || static_cast<std::size_t>(i) >= r.values.size()) return std::nullopt;
  return r.values[static_cast<std::size_t>(i)];
}

// Logs without columns (the OAB generator's) still start each line with an ISO 8601 instant.
std::optional<std::string_view> leading_timestamp(std::string_view line) {
  const auto token = line.substr(0, line.find_first_of(", \t"));
  const bool iso = token.size() >= 19 && token[4] == '-' && token[7] == '-' && token[10] == 'T' &&
                   std::isdigit(static_cast<unsigned char>(token[0]));
  if (!iso) return std::nullopt;
  return token;
}

}  // namespace

std::optional<std::string_view> Record::get(std::string_view name, std::string& scratch) const {
  if (auto v = column(*this, name)) return v;
  for (const auto& c : captures)
    if (iequals(c.name, name)) return c.value;
  if (iequals(name, "line")) return line;
  for (const auto& alias : kAliases) {
    if (!iequals(alias.name, name)) continue;
    for (auto col : alias.columns)
      if (!col.empty())
        if (auto v = column(*this, col)) return v;
    if (alias.name == "timestamp") {  // W3C splits it in two
      auto date = column(*this, "date");
      auto time = column(*this, "time");
      if (date && time) return scratch.assign(*date).append(" ").append(*time);
      return leading_timestamp(line);
    }
    return std::nullopt;
  }
  if (iequals(name, "uri")) {
    auto path = get("url_path", scratch);
    if (!path) return std::nullopt;
    auto query = get("query", scratch);
    scratch.assign(*path);
    if (query && !query->empty()) {
      if (query->front() != '?') scratch += '?';
      scratch += *query;
    }
    return scratch;
  }
  return std::nullopt;
}

}  // namespace exray::loghunt
