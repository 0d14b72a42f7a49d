// SPDX-License-Identifier: Apache-2.0
#include "exray/report/finding_printer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "exray/report/csv_writer.hpp"
#include "json.hpp"

namespace exray::report {
namespace {

void print_error_line(std::ostream& err, const Error& error) { err << "exray: error: " << error.to_string() << '\n'; }

class TextPrinter final : public FindingSink {
 public:
  TextPrinter(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  void on_finding(const Finding& f) override {
    out_ << fmt::format("{:<8} {} {}: {}\n", to_string(f.severity), to_string(f.kind), f.rule.id, f.rule.title);
    auto row = [&](std::string_view label, std::string_view value) {
      if (!value.empty()) out_ << fmt::format("  {:<11} {}\n", label, value);
    };
    std::string host = f.host.name;
    if (!f.host.address.empty()) host += host.empty() ? f.host.address : fmt::format(" ({})", f.host.address);
    row("host", host);
    row("subject", f.subject);
    if (!f.evidence.file.empty()) {
      std::string place = f.evidence.file;
      if (f.evidence.line != 0) place += fmt::format(":{}", f.evidence.line);
      row("evidence", fmt::format("{} (byte {})", place, f.evidence.offset));
    }
    row("excerpt", f.evidence.excerpt);
    for (const auto& field : f.evidence.fields) row(field.name, field.value);
    row("time", f.event_time ? format_iso8601(*f.event_time) : std::string());
    row("confidence", to_string(f.confidence));
    row("cves", fmt::format("{}", fmt::join(f.cves, ", ")));
    row("remediation", f.remediation);
    out_ << '\n';
  }
  void on_error(const Error& error) override { print_error_line(err_, error); }
  void finish() override { out_.flush(); }

 private:
  std::ostream& out_;
  std::ostream& err_;
};

class JsonLinesPrinter final : public FindingSink {
 public:
  JsonLinesPrinter(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}
  void on_finding(const Finding& f) override { out_ << dump_line(to_json(f)) << '\n'; }
  void on_error(const Error& error) override {
    out_ << dump_line(to_json(error)) << '\n';
    print_error_line(err_, error);
  }
  void finish() override { out_.flush(); }

 private:
  std::ostream& out_;
  std::ostream& err_;
};

// CSV is the JSON record projected onto fixed columns.
class CsvPrinter final : public FindingSink {
 public:
  CsvPrinter(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  void on_finding(const Finding& f) override {
    static const std::vector<Column> kColumns = [] {
      std::vector<Column> columns;
      for (const char* path :
           {"/id", "/kind", "/rule/id", "/rule/title", "/severity", "/confidence", "/host/address", "/host/name",
            "/subject", "/evidence/file", "/evidence/line", "/evidence/offset", "/evidence/excerpt", "/evidence/fields",
            "/time/event", "/time/observed", "/cves", "/remediation"}) {
        std::string header = std::string(path + 1);
        std::replace(header.begin(), header.end(), '/', '_');
        columns.push_back({header, Json::json_pointer(path)});
      }
      return columns;
    }();
    if (!header_written_) {
      write_csv_row(out_, headers(kColumns));
      header_written_ = true;
    }
    write_csv_row(out_, project(to_json(f), kColumns));
  }
  void on_error(const Error& error) override { print_error_line(err_, error); }
  void finish() override { out_.flush(); }

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool header_written_ = false;
};

}  // namespace

std::string finding_record(const Finding& finding) { return dump_line(to_json(finding)); }

std::unique_ptr<FindingSink> make_finding_printer(Format format, std::ostream& out, std::ostream& err) {
  switch (format) {
    case Format::jsonl:
      return std::make_unique<JsonLinesPrinter>(out, err);
    case Format::csv:
      return std::make_unique<CsvPrinter>(out, err);
    case Format::text:
      break;
  }
  return std::make_unique<TextPrinter>(out, err);
}

}  // namespace exray::report
