// SPDX-License-Identifier: Apache-2.0
#include "json.hpp"

namespace exray::report {

Json to_json(const Finding& f) {
  Json fields = Json::object();
  // A name given more than once (the files of a DearCry summary) holds an array of its values.
  for (const auto& field : f.evidence.fields) {
    auto it = fields.find(field.name);
    if (it == fields.end()) {
      fields[field.name] = field.value;
    } else {
      if (!it->is_array()) *it = Json::array({*it});
      it->push_back(field.value);
    }
  }
  return Json{
      {"schema", kFindingSchemaVersion},
      {"type", "finding"},
      {"id", finding_id(f)},
      {"kind", to_string(f.kind)},
      {"rule", {{"id", f.rule.id}, {"title", f.rule.title}}},
      {"severity", to_string(f.severity)},
      {"confidence", to_string(f.confidence)},
      {"host", {{"address", f.host.address}, {"name", f.host.name}}},
      {"subject", f.subject},
      {"evidence",
       {{"file", f.evidence.file},
        {"line", f.evidence.line},
        {"offset", f.evidence.offset},
        {"excerpt", f.evidence.excerpt},
        {"fields", fields}}},
      {"time",
       {{"event", f.event_time ? Json(format_iso8601(*f.event_time)) : Json(nullptr)},
        {"observed", format_iso8601(f.observed_time)}}},
      {"cves", f.cves},
      {"remediation", f.remediation},
  };
}

Json to_json(const Error& e) {
  return Json{
      {"schema", kFindingSchemaVersion}, {"type", "error"},      {"code", to_string(e.code)}, {"message", e.message},
      {"source", e.where.source},        {"line", e.where.line}, {"column", e.where.column},
  };
}

std::string dump_line(const Json& json) { return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

namespace {
std::string cell(const Json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value) {
      if (!out.empty()) out += ';';
      out += cell(item);
    }
    return out;
  }
  if (value.is_object()) {
    std::string out;
    for (const auto& [key, item] : value.items()) {
      if (!out.empty()) out += ';';
      out += key;
      out += '=';
      out += cell(item);
    }
    return out;
  }
  return dump_line(value);
}
}  // namespace

std::vector<std::string> project(const Json& record, const std::vector<Column>& columns) {
  std::vector<std::string> row;
  row.reserve(columns.size());
  for (const auto& column : columns)
    row.push_back(record.contains(column.at) ? cell(record.at(column.at)) : std::string());
  return row;
}

std::vector<std::string> headers(const std::vector<Column>& columns) {
  std::vector<std::string> out;
  for (const auto& column : columns) out.push_back(column.header);
  return out;
}

}  // namespace exray::report
