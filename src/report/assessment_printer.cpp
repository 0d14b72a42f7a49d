// SPDX-License-Identifier: Apache-2.0
#include "exray/report/assessment_printer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "exray/core/text.hpp"
#include "exray/report/csv_writer.hpp"
#include "json.hpp"

namespace exray::report {
namespace {

Json assessment_json(std::string_view input, const kb::Assessment& a, Date today) {
  Json support = nullptr;
  if (a.product != nullptr) {
    const auto& ended = a.product->support_ended;
    support = Json{{"ended", ended ? Json(format_date(*ended)) : Json(nullptr)},
                   {"supported", !ended || *ended > today},
                   {"note", a.product->note}};
  }
  return Json{{"schema", kFindingSchemaVersion},
              {"type", "build"},
              {"input", make_excerpt(trim(input))},
              {"build", a.build.to_string()},
              {"precision", kb::to_code(a.precision)},
              {"release", release_json(a.release)},
              {"support", support},
              {"verdicts", verdicts_json(a)},
              {"latest", release_json(a.latest)}};
}

Json error_json(std::string_view input, const Error& error) {
  auto record = to_json(error);
  record["input"] = printable(trim(input));  // bad input echoed: escaped and bounded
  return record;
}

std::string release_label(const kb::Release& r) {
  std::string label = fmt::format("{} ({}", r.build.to_string(), r.name);
  if (!r.kb.empty()) label += ", " + r.kb;
  return label + ")";
}

class TextPrinter final : public AssessmentPrinter {
 public:
  TextPrinter(std::ostream& out, Date today) : out_(out), today_(today) {}

  void print(std::string_view input, const kb::Assessment& a) override {
    const auto& r = *a.release;
    std::string shown = a.build.to_string();
    if (trim(input) != shown) shown = fmt::format("{} ({})", printable(trim(input)), shown);
    switch (a.precision) {
      case kb::Precision::exact:
        out_ << fmt::format("{}  {}, released {}{}\n", shown, r.name, format_date(r.date),
                            r.kb.empty() ? "" : ", " + r.kb);
        break;
      case kb::Precision::cu_level:
        out_ << fmt::format("{}  {}; the security update level is not visible in this build\n", shown, r.name);
        break;
      case kb::Precision::below_cu:
        out_ << fmt::format("{}  older than the first known build of {} ({}): a pre-release or private build\n", shown,
                            r.name, r.build.to_string());
        break;
      case kb::Precision::at_least:
        out_ << fmt::format("{}  at least {} ({}); not in the knowledge base, inexact\n", shown, r.name,
                            r.build.to_string());
        break;
    }
    std::size_t width = 7;  // "support"
    for (const auto& v : a.verdicts) width = std::max(width, v.advisory->id.size());
    for (const auto& v : a.verdicts) line(width, v.advisory->id, verdict_text(v));
    if (a.product != nullptr) {
      const auto& ended = a.product->support_ended;
      std::string support = !ended            ? "supported"
                            : *ended > today_ ? "ends " + format_date(*ended)
                                              : "ended " + format_date(*ended);
      line(width, "support", a.product->note.empty() ? support : fmt::format("{}: {}", support, a.product->note));
    }
    if (a.latest != nullptr) line(width, "latest", release_label(*a.latest));
    out_ << '\n';
  }

  void error(std::string_view, const Error&) override {}

 private:
  void line(std::size_t width, std::string_view label, std::string_view text) {
    out_ << fmt::format("  {:<{}}  {}\n", label, width, text);
  }

  std::string verdict_text(const kb::Verdict& v) const {
    std::string text(kb::describe(v.state));
    if (v.install == nullptr) return text;
    switch (v.state) {
      case kb::VerdictState::su_missing:
        return fmt::format("{}: install {} or later", text, release_label(*v.install));
      case kb::VerdictState::no_fix:
        if (v.upgrade_to == nullptr || v.upgrade_to == v.install)
          return fmt::format("{}: upgrade to {} or later", text, release_label(*v.install));
        return fmt::format("{}: upgrade to {} and install {} or later", text, v.upgrade_to->name,
                           release_label(*v.install));
      case kb::VerdictState::su_unknown:
        return fmt::format("{}: patched from {}", text, release_label(*v.install));
      default:
        return text;
    }
  }

  std::ostream& out_;
  Date today_;
};

class JsonLinesPrinter final : public AssessmentPrinter {
 public:
  JsonLinesPrinter(std::ostream& out, Date today) : out_(out), today_(today) {}
  void print(std::string_view input, const kb::Assessment& a) override {
    out_ << dump_line(assessment_json(input, a, today_)) << '\n';
  }
  void error(std::string_view input, const Error& error) override {
    out_ << dump_line(error_json(input, error)) << '\n';
  }

 private:
  std::ostream& out_;
  Date today_;
};

class CsvPrinter final : public AssessmentPrinter {
 public:
  CsvPrinter(std::ostream& out, const kb::KnowledgeBase& kb, Date today) : out_(out), today_(today) {
    using P = Json::json_pointer;
    columns_ = {{"input", P("/input")},
                {"build", P("/build")},
                {"precision", P("/precision")},
                {"release", P("/release/name")},
                {"release_build", P("/release/build")},
                {"product", P("/release/product")},
                {"released", P("/release/date")},
                {"kb", P("/release/kb")},
                {"support_ended", P("/support/ended")},
                {"supported", P("/support/supported")}};
    for (std::size_t i = 0; i < kb.advisories().size(); ++i) {
      const auto& id = kb.advisories()[i].id;
      columns_.push_back({id, P(fmt::format("/verdicts/{}/state", i))});
      columns_.push_back({id + "_install", P(fmt::format("/verdicts/{}/install/build", i))});
    }
    columns_.push_back({"latest_build", P("/latest/build")});
    columns_.push_back({"latest_release", P("/latest/name")});
    columns_.push_back({"error", P("/message")});  // only error records have it
    write_csv_row(out_, headers(columns_));
  }
  void print(std::string_view input, const kb::Assessment& a) override {
    write_csv_row(out_, project(assessment_json(input, a, today_), columns_));
  }
  // The failed input keeps its row, so a spreadsheet of an inventory still lines up with it.
  void error(std::string_view input, const Error& error) override {
    write_csv_row(out_, project(error_json(input, error), columns_));
  }

 private:
  std::ostream& out_;
  Date today_;
  std::vector<Column> columns_;
};

}  // namespace

std::unique_ptr<AssessmentPrinter> make_assessment_printer(Format format, std::ostream& out,
                                                           const kb::KnowledgeBase& kb, Date today) {
  switch (format) {
    case Format::jsonl:
      return std::make_unique<JsonLinesPrinter>(out, today);
    case Format::csv:
      return std::make_unique<CsvPrinter>(out, kb, today);
    case Format::text:
      break;
  }
  return std::make_unique<TextPrinter>(out, today);
}

}  // namespace exray::report
