// SPDX-License-Identifier: Apache-2.0
// exray loghunt: one log line (or event) seen as named fields.
//
// Column names come from the log's own header, so a rule written against `AnchorMailbox` works
// whatever position that column has in this Exchange version. Rules can also use pseudo-fields
// that mean the same thing in every log (see kPseudoFields): `line`, `uri`, `status`, `user`, …
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/loghunt/log_type.hpp"

namespace exray::loghunt {

// The current header of a log: column names, looked up ignoring case.
class Columns {
 public:
  Columns() = default;
  explicit Columns(std::vector<std::string> names) : names_(std::move(names)) {}
  [[nodiscard]] int index_of(std::string_view name) const noexcept;  // -1 when absent
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  [[nodiscard]] bool empty() const noexcept { return names_.empty(); }

 private:
  std::vector<std::string> names_;
};

// Names every log understands, mapped onto each format's own columns.
//   line       the raw line (for events: provider, id and every data string)
//   timestamp  DateTime | TimeStamp | date + time
//   status     HttpStatus | sc-status          user        AuthenticatedUser | cs-username
//   method     Method | cs-method              client_ip   ClientIpAddress | c-ip
//   url_path   UrlStem | cs-uri-stem           query       UrlQuery | cs-uri-query
//   uri        url_path ? query                user_agent  UserAgent | cs(User-Agent)
inline constexpr std::string_view kPseudoFields[] = {"line",   "timestamp", "status", "user",       "method",
                                                     "client_ip", "url_path", "query",  "uri", "user_agent"};

struct Capture {
  std::string_view name;
  std::string_view value;
};

struct Record {
  LogType type = LogType::text;
  std::string_view line;
  const Columns* columns = nullptr;
  std::vector<std::string_view> values;  // parallel to columns; W3C "-" reads as empty
  std::vector<Capture> captures;         // values a rule's regex pulled out, by group name

  // A column, a capture or a pseudo-field; nullopt when this log has no such field. `scratch`
  // holds composed values (uri, timestamp) and must outlive the returned view.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name, std::string& scratch) const;
};

}  // namespace exray::loghunt
