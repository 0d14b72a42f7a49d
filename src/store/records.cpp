// SPDX-License-Identifier: Apache-2.0
#include "records.hpp"

#include <nlohmann/json.hpp>

namespace exray::store {
namespace {

using Json = nlohmann::ordered_json;  // keeps the record's key order as printed

// A string member, or "" when absent or null. A NUL (which JSON can carry and PostgreSQL's text
// cannot) becomes U+FFFD, so the same record stores the same way in both backends.
std::string text(const Json& j, std::string_view key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  std::string out;
  for (char c : it->get_ref<const std::string&>()) {
    if (c == '\0')
      out += "\xEF\xBF\xBD";
    else
      out += c;
  }
  return out;
}

const Json& member(const Json& j, std::string_view key) {
  static const Json kNull;
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// A release object's build or name, "" for null.
std::string release_field(const Json& verdict, std::string_view key, std::string_view field) {
  const auto& release = member(verdict, key);
  return release.is_object() ? text(release, field) : std::string();
}

Result<Rows> host_rows(const Json& j) {
  const auto& port = member(j, "port");
  if (text(j, "address").empty() || !port.is_number_unsigned() || port.get<std::uint64_t>() > 65535 ||
      text(j, "status").empty())
    return fail(Errc::parse_error, "a host record needs address, port and status");
  HostRows rows;
  auto& o = rows.observation;
  o.address = text(j, "address");
  o.port = static_cast<std::uint16_t>(port.get<std::uint64_t>());
  o.name = text(j, "name");
  o.status = text(j, "status");
  o.error = text(j, "error");
  o.build = text(j, "build");
  const auto& release = member(j, "release");
  if (release.is_object()) {
    o.product = text(release, "product");
    o.release = text(release, "name");
    // "Exchange 2016 CU19 Mar21SU" without its update "Mar21SU" is the CU.
    o.cu = o.release;
    const auto update = text(release, "update");
    if (!update.empty() && o.cu.ends_with(update)) o.cu.resize(o.cu.size() - update.size());
    while (!o.cu.empty() && o.cu.back() == ' ') o.cu.pop_back();
  }
  o.record = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  const auto& verdicts = member(j, "verdicts");
  if (verdicts.is_array()) {
    for (const auto& v : verdicts) {
      if (!v.is_object() || text(v, "advisory").empty()) continue;
      rows.verdicts.push_back(VerdictRow{{},
                                         o.address,
                                         o.port,
                                         o.name,
                                         text(v, "advisory"),
                                         text(v, "state"),
                                         release_field(v, "install", "build"),
                                         release_field(v, "upgrade_to", "name")});
    }
  }
  return rows;
}

Result<Rows> finding_rows(const Json& j) {
  if (text(j, "id").empty() || text(j, "kind").empty())
    return fail(Errc::parse_error, "a finding record needs id and kind");
  FindingRow f;
  f.id = text(j, "id");
  const auto& host = member(j, "host");
  if (host.is_object()) f.host = !text(host, "address").empty() ? text(host, "address") : text(host, "name");
  f.kind = text(j, "kind");
  const auto& rule = member(j, "rule");
  f.rule = rule.is_object() ? text(rule, "id") : text(j, "rule");
  f.severity = text(j, "severity");
  f.subject = text(j, "subject");
  const auto& time = member(j, "time");
  if (time.is_object()) f.time = !text(time, "event").empty() ? text(time, "event") : text(time, "observed");
  f.record = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  return f;
}

}  // namespace

Result<Rows> rows_of(std::string_view json_line) {
  const auto j = Json::parse(json_line, nullptr, false);
  if (!j.is_object()) return fail(Errc::parse_error, "not a JSON record of exray");
  const auto type = text(j, "type");
  if (type == "host") return host_rows(j);
  if (type == "finding") return finding_rows(j);
  return Rows{};
}

}  // namespace exray::store
