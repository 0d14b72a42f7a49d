// SPDX-License-Identifier: Apache-2.0
#include "exray/report/export.hpp"

#include <set>

#include "exray/report/csv_writer.hpp"
#include "exray/report/stix.hpp"
#include "json.hpp"

namespace exray::report {
namespace {

constexpr int kSchema = 1;

Json text_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// An advisory id as one JSON pointer token (RFC 6901: ~ and / escaped), for the CSV columns.
std::string pointer_token(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

Json host_json(const inventory::HostState& host) {
  const auto& latest = host.latest();
  Json advisories = Json::object();
  Json vulnerable = Json::array();
  for (const auto& [advisory, state] : latest.advisories) {
    advisories[advisory] = Json{{"state", state.state},
                                {"install", text_or_null(state.install)},
                                {"upgrade_to", text_or_null(state.upgrade_to)}};
    if (inventory::exposure_of(state.state) == inventory::Exposure::vulnerable) vulnerable.push_back(advisory);
  }
  return Json{
      {"schema", kSchema},
      {"type", "inventory_host"},
      {"address", host.key.address},
      {"port", host.key.port},
      {"name", text_or_null(host.key.name)},
      {"status", latest.status},
      {"error", text_or_null(latest.error)},
      {"build", text_or_null(latest.build)},
      {"product", text_or_null(latest.product)},
      {"release", text_or_null(latest.release)},
      {"cu", text_or_null(latest.cu)},
      {"vulnerable", vulnerable},
      {"advisories", advisories},
      {"first_seen", host.sightings.front().observed},
      {"last_seen", latest.observed},
      {"sightings", host.sightings.size()},
      {"run", latest.run},
  };
}

// Advisories are columns (state, install, upgrade_to each): a spreadsheet filters a column,
// where a "proxylogon=su-missing;…" cell would need a formula to pick one advisory out.
std::vector<Column> host_columns(const std::vector<inventory::HostState>& hosts) {
  std::vector<Column> columns;
  for (const char* key : {"address", "port", "name", "status", "error", "build", "product", "release", "cu",
                          "first_seen", "last_seen", "sightings", "run", "vulnerable"})
    columns.push_back(Column{key, Json::json_pointer(std::string("/") + key)});
  std::set<std::string> advisories;
  for (const auto& h : hosts)
    for (const auto& [advisory, _] : h.latest().advisories) advisories.insert(advisory);
  for (const auto& advisory : advisories) {
    const auto at = "/advisories/" + pointer_token(advisory);
    columns.push_back(Column{advisory, Json::json_pointer(at + "/state")});
    columns.push_back(Column{advisory + "_install", Json::json_pointer(at + "/install")});
    columns.push_back(Column{advisory + "_upgrade_to", Json::json_pointer(at + "/upgrade_to")});
  }
  return columns;
}

// The finding as the hunt printed it, with the run that stored it. A record the store holds is
// always exray's own JSON; should one not parse, its columns still say what it was.
Json finding_json(const store::FindingRow& row) {
  Json record = Json::parse(row.record, nullptr, false);
  if (record.is_discarded() || !record.is_object())
    record = Json{{"schema", kSchema},          {"type", "finding"},        {"id", row.id},          {"kind", row.kind},
                  {"rule", {{"id", row.rule}}}, {"severity", row.severity}, {"subject", row.subject}};
  record["run"] = Json{{"id", row.run}, {"started", row.observed}};
  return record;
}

std::vector<Column> finding_columns() {
  const std::pair<const char*, const char*> columns[] = {
      {"run", "/run/id"},
      {"run_started", "/run/started"},
      {"id", "/id"},
      {"kind", "/kind"},
      {"rule", "/rule/id"},
      {"title", "/rule/title"},
      {"severity", "/severity"},
      {"confidence", "/confidence"},
      {"host_address", "/host/address"},
      {"host_name", "/host/name"},
      {"subject", "/subject"},
      {"file", "/evidence/file"},
      {"line", "/evidence/line"},
      {"excerpt", "/evidence/excerpt"},
      {"event_time", "/time/event"},
      {"observed_time", "/time/observed"},
      {"sha256", "/evidence/fields/sha256"},
      {"cves", "/cves"},
  };
  std::vector<Column> out;
  for (const auto& [header, at] : columns) out.push_back(Column{header, Json::json_pointer(at)});
  return out;
}

void write_records(const std::vector<Json>& records, const std::vector<Column>& columns, ExportFormat format,
                   std::ostream& out) {
  if (format == ExportFormat::csv) {
    write_csv_row(out, headers(columns));
    for (const auto& r : records) write_csv_row(out, project(r, columns));
  } else {
    for (const auto& r : records) out << dump_line(r) << '\n';
  }
}

Result<std::vector<store::FindingRow>> findings_in(const store::Store& store, const inventory::Period& period) {
  auto all = store.findings();
  if (!all) return std::unexpected(all.error());
  std::vector<store::FindingRow> out;
  for (auto& f : *all)
    if (inventory::in_period(f.observed, period)) out.push_back(std::move(f));
  return out;
}

}  // namespace

Result<std::uint64_t> export_store(const store::Store& store, const ExportOptions& options, std::ostream& out) {
  StixInput stix{{}, {}, {}, options.organisation};
  if (options.what == ExportWhat::hosts) {
    auto hosts = inventory::host_states(store, options.period);
    if (!hosts) return std::unexpected(hosts.error());
    const auto count = hosts->size();
    if (options.format == ExportFormat::stix) {
      auto observations = store.observations();
      if (!observations) return std::unexpected(observations.error());
      stix.hosts = std::move(*hosts);
      stix.observations = std::move(*observations);
      out << stix_bundle(stix);
      return count;
    }
    std::vector<Json> records;
    for (const auto& h : *hosts) records.push_back(host_json(h));
    write_records(records, host_columns(*hosts), options.format, out);
    return count;
  }
  auto findings = findings_in(store, options.period);
  if (!findings) return std::unexpected(findings.error());
  const auto count = findings->size();
  if (options.format == ExportFormat::stix) {
    stix.findings = std::move(*findings);
    out << stix_bundle(stix);
    return count;
  }
  std::vector<Json> records;
  for (const auto& f : *findings) records.push_back(finding_json(f));
  write_records(records, finding_columns(), options.format, out);
  return count;
}

}  // namespace exray::report
