// SPDX-License-Identifier: Apache-2.0
#include "exray/report/host_printer.hpp"

#include <fmt/format.h>

#include <vector>

#include "exray/core/text.hpp"
#include "exray/report/csv_writer.hpp"
#include "json.hpp"

namespace exray::report {
namespace {

using netscan::HostResult;

// Everything in a scan record that came from the host (names, headers) is escaped by the JSON
// writer and cut to size by the scanner; text output goes through printable().
Json host_json(const HostResult& r, const kb::Assessment* a) {
  Json record{{"schema", kFindingSchemaVersion},
              {"type", "host"},
              {"address", r.target.address.to_string()},
              {"port", r.target.port},
              {"name", r.target.name.empty() ? Json(nullptr) : Json(r.target.name)},
              {"status", netscan::to_code(r.status)}};
  record["error"] = r.status == netscan::HostStatus::error ? Json(netscan::to_code(r.error_kind())) : Json(nullptr);
  record["build"] = r.build ? Json(r.build->to_string()) : Json(nullptr);
  record["build_source"] = r.build ? Json(netscan::to_code(r.build_source)) : Json(nullptr);
  record["precision"] = a != nullptr ? Json(kb::to_code(a->precision)) : Json(nullptr);
  record["release"] = release_json(a != nullptr ? a->release : nullptr);
  record["verdicts"] = a != nullptr ? verdicts_json(*a) : Json::array();
  Json probes = Json::object();
  for (const auto& p : r.probes) probes[std::string(netscan::to_code(p.probe))] = netscan::to_code(p.outcome);
  record["probes"] = probes;
  record["server"] = r.server.empty() ? Json(nullptr) : Json(r.server);
  record["tls_names"] = r.tls_names;
  Json errors = Json::array();
  for (const auto& e : r.errors)
    errors.push_back(Json{{"kind", netscan::to_code(e.kind)}, {"stage", e.stage}, {"message", e.message}});
  record["errors"] = errors;
  record["requests"] = r.requests;
  record["elapsed_ms"] = r.elapsed.count();
  return record;
}

std::string cu_label(const kb::Assessment& a) {
  if (a.release == nullptr) return "unknown release";
  // "Exchange 2016 CU19 Mar21SU" → the CU; the security update is in the build.
  return a.release->update.empty()
             ? a.release->name
             : std::string(trim(
                   std::string_view(a.release->name).substr(0, a.release->name.size() - a.release->update.size())));
}

class TextPrinter final : public HostPrinter {
 public:
  explicit TextPrinter(std::ostream& out) : out_(out) {}
  void print(const HostResult& r, const kb::Assessment* a) override {
    if (r.status != netscan::HostStatus::exchange) return;
    std::string where = r.target.name.empty()
                            ? r.target.address.to_string()
                            : fmt::format("{} ({})", printable(r.target.name), r.target.address.to_string());
    std::string line = fmt::format("{}:{}  ", where, r.target.port);
    if (!r.build) {
      line += "Exchange, build not visible";
    } else {
      line += fmt::format("{} {}", a != nullptr ? cu_label(*a) : "Exchange", r.build->to_string());
      if (a != nullptr && a->precision == kb::Precision::at_least)
        line += " (not in the knowledge base: at least " + a->release->name + ")";
      line += fmt::format(" [{}]", netscan::to_code(r.build_source));
    }
    std::vector<std::string> open, unknown;
    if (a != nullptr)
      for (const auto& v : a->verdicts) {
        if (kb::is_vulnerable(v.state))
          open.push_back(v.advisory->id);
        else if (v.state == kb::VerdictState::su_unknown || v.state == kb::VerdictState::build_unknown)
          unknown.push_back(v.advisory->id);
      }
    if (!open.empty()) line += fmt::format("  vulnerable: {}", fmt::join(open, ", "));
    if (!unknown.empty()) line += fmt::format("  unknown: {}", fmt::join(unknown, ", "));
    if (a != nullptr && open.empty() && unknown.empty()) line += "  patched";
    for (const auto& p : r.probes)
      line += fmt::format("  {} probe: {}", netscan::to_code(p.probe), netscan::to_code(p.outcome));
    out_ << line << '\n';
  }

 private:
  std::ostream& out_;
};

class JsonLinesPrinter final : public HostPrinter {
 public:
  explicit JsonLinesPrinter(std::ostream& out) : out_(out) {}
  void print(const HostResult& r, const kb::Assessment* a) override { out_ << dump_line(host_json(r, a)) << '\n'; }

 private:
  std::ostream& out_;
};

class CsvPrinter final : public HostPrinter {
 public:
  CsvPrinter(std::ostream& out, const kb::KnowledgeBase& kb, bool header) : out_(out) {
    using P = Json::json_pointer;
    columns_ = {{"address", P("/address")},
                {"port", P("/port")},
                {"name", P("/name")},
                {"status", P("/status")},
                {"error", P("/error")},
                {"build", P("/build")},
                {"build_source", P("/build_source")},
                {"precision", P("/precision")},
                {"release", P("/release/name")},
                {"product", P("/release/product")}};
    for (std::size_t i = 0; i < kb.advisories().size(); ++i) {
      const auto& id = kb.advisories()[i].id;
      columns_.push_back({id, P(fmt::format("/verdicts/{}/state", i))});
      columns_.push_back({id + "_install", P(fmt::format("/verdicts/{}/install/build", i))});
    }
    columns_.push_back({"probe_proxylogon", P("/probes/proxylogon")});
    columns_.push_back({"probe_proxyshell", P("/probes/proxyshell")});
    columns_.push_back({"server", P("/server")});
    columns_.push_back({"tls_names", P("/tls_names")});
    if (header) write_csv_row(out_, headers(columns_));
  }
  void print(const HostResult& r, const kb::Assessment* a) override {
    write_csv_row(out_, project(host_json(r, a), columns_));
  }

 private:
  std::ostream& out_;
  std::vector<Column> columns_;
};

}  // namespace

std::string host_record(const HostResult& result, const kb::Assessment* assessment) {
  return dump_line(host_json(result, assessment));
}

std::unique_ptr<HostPrinter> make_host_printer(Format format, std::ostream& out, const kb::KnowledgeBase& kb,
                                               bool header) {
  switch (format) {
    case Format::jsonl:
      return std::make_unique<JsonLinesPrinter>(out);
    case Format::csv:
      return std::make_unique<CsvPrinter>(out, kb, header);
    case Format::text:
      break;
  }
  return std::make_unique<TextPrinter>(out);
}

void ScanTally::add(const HostResult& r, const kb::Assessment* a) {
  ++hosts_;
  ++status_[std::string(netscan::to_code(r.status))];
  if (r.status == netscan::HostStatus::error) ++errors_[std::string(netscan::to_code(r.error_kind()))];
  if (r.status != netscan::HostStatus::exchange) return;
  if (a == nullptr) {
    ++without_build_;
  } else {
    ++releases_[cu_label(*a)];
    for (const auto& v : a->verdicts) ++verdicts_[v.advisory->id][std::string(kb::to_code(v.state))];
  }
  for (const auto& p : r.probes)
    ++probes_[fmt::format("{} {}", netscan::to_code(p.probe), netscan::to_code(p.outcome))];
}

void ScanTally::print(std::ostream& out, const netscan::ScanSummary& summary) const {
  const double seconds = static_cast<double>(summary.elapsed.count()) / 1000.0;
  auto count = [](const std::map<std::string, std::uint64_t>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? std::uint64_t{0} : it->second;
  };
  out << fmt::format("exray scan: {} targets in {:.1f} s ({:.0f}/s){}: {} Exchange, {} not Exchange, {} failed\n",
                     hosts_, seconds, seconds > 0 ? static_cast<double>(hosts_) / seconds : 0.0,
                     summary.cancelled ? ", stopped early" : "", count(status_, "exchange"),
                     count(status_, "not-exchange"), count(status_, "error"));
  if (!errors_.empty()) {
    std::vector<std::string> parts;
    for (const auto& [kind, n] : errors_) parts.push_back(fmt::format("{} {}", kind, n));
    out << fmt::format("  failures: {}\n", fmt::join(parts, ", "));
  }
  if (!releases_.empty() || without_build_ > 0) {
    out << "  Exchange servers by release:\n";
    for (const auto& [release, n] : releases_) out << fmt::format("    {:<32} {}\n", release, n);
    if (without_build_ > 0) out << fmt::format("    {:<32} {}\n", "build not visible", without_build_);
  }
  if (!verdicts_.empty()) {
    out << "  verdicts (hosts per state):\n";
    for (const auto& [advisory, states] : verdicts_) {
      std::vector<std::string> parts;
      for (const auto& [state, n] : states) parts.push_back(fmt::format("{} {}", state, n));
      out << fmt::format("    {:<16} {}\n", advisory, fmt::join(parts, ", "));
    }
  }
  if (!probes_.empty()) {
    std::vector<std::string> parts;
    for (const auto& [what, n] : probes_) parts.push_back(fmt::format("{} {}", what, n));
    out << fmt::format("  probes: {}\n", fmt::join(parts, ", "));
  }
}

}  // namespace exray::report
