// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/log_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "exray/core/text.hpp"
#include "exray/core/time.hpp"
#include "exray/loghunt/formats.hpp"

namespace exray::loghunt {

namespace {

Severity one_lower(Severity s) { return s == Severity::info ? s : static_cast<Severity>(static_cast<int>(s) - 1); }

struct Place {
  std::string_view file;
  std::uint64_t line = 0;
  std::uint64_t offset = 0;
};

Finding make_finding(const Rule& rule, Outcome outcome, const Record& record, const Place& place) {
  Finding f;
  f.kind = rule.kind;
  f.rule = {rule.id, rule.title};
  f.severity = outcome == Outcome::attempt ? one_lower(rule.severity) : rule.severity;
  f.confidence = rule.confidence;
  f.subject = std::string(place.file);
  f.evidence.file = std::string(place.file);
  f.evidence.line = place.line;
  f.evidence.offset = place.offset;
  f.evidence.excerpt = make_excerpt(record.line);
  std::string scratch;
  for (const auto& name : rule.report)
    if (auto value = record.get(name, scratch)) f.evidence.fields.push_back({name, std::string(*value)});
  for (const auto& capture : record.captures) {
    const bool reported = std::any_of(rule.report.begin(), rule.report.end(),
                                      [&](const std::string& n) { return iequals(n, capture.name); });
    if (!reported) f.evidence.fields.push_back({std::string(capture.name), std::string(capture.value)});
  }
  if (rule.success)
    f.evidence.fields.push_back({"outcome", outcome == Outcome::success ? "likely success" : "attempt"});
  for (auto host_field : {"ServerHostName", "ServerName", "computer", "s-computername"})
    if (auto value = record.get(host_field, scratch); value && !value->empty()) {
      f.host.name = std::string(*value);
      break;
    }
  if (auto time = record.get("timestamp", scratch))
    if (auto parsed = parse_timestamp(trim(*time))) f.event_time = *parsed;
  f.observed_time = now();
  f.cves = rule.cves;
  f.remediation = rule.remediation;
  return f;
}

// Tries the selected rules on one record and keeps what matched.
void try_rules(const RuleSet& rules, std::span<const std::uint32_t> selected, Record& record, const Place& place,
               std::vector<Finding>& out) {
  std::deque<std::string> arena;
  for (auto r : selected) {
    record.captures.clear();
    arena.clear();
    if (auto outcome = evaluate(rules.rules()[r], record, arena))
      out.push_back(make_finding(rules.rules()[r], *outcome, record, place));
  }
}

class LineRules final : public LineVisitor {
 public:
  LineRules(const RuleSet& rules, LogType type, std::string_view file, LogResult& result)
      : rules_(rules), type_(type), parser_(type), file_(file), result_(result) {}

  void on_line(const LineHit& hit) override {
    if ((hit.number == 1 || (!hit.line.empty() && hit.line[0] == '#')) &&
        parser_.on_header_candidate(hit.line, hit.number == 1))
      return;
    if (hit.matches.empty()) return;
    rules_.select(type_, hit.matches, selected_);
    if (selected_.empty()) return;
    if (auto ok = parser_.parse(hit.line, record_); !ok) {
      if (bad_rows_++ == 0)
        first_bad_ = Error{ok.error().code, ok.error().message, Where{std::string(file_), hit.number}};
      return;
    }
    try_rules(rules_, selected_, record_, Place{file_, hit.number, hit.offset}, result_.findings);
  }

  void finish() {
    if (bad_rows_ == 0) return;
    auto error = first_bad_;
    if (bad_rows_ > 1) error.message += fmt::format(" (and {} more rows that could not be split)", bad_rows_ - 1);
    result_.warnings.push_back(std::move(error));
  }

 private:
  const RuleSet& rules_;
  LogType type_;
  LineParser parser_;
  std::string_view file_;
  LogResult& result_;
  Record record_;
  std::vector<std::uint32_t> selected_;
  std::uint64_t bad_rows_ = 0;
  Error first_bad_;
};

const Columns& event_columns() {
  static const Columns columns({"provider", "event_id", "level", "timestamp", "computer", "data"});
  return columns;
}

class EventRules final : public EventVisitor {
 public:
  EventRules(const RuleSet& rules, match::PatternSet::Scratch& scratch, std::string_view file, LogResult& result)
      : rules_(rules), scratch_(scratch), file_(file), result_(result) {}

  void on_event(const EventRecord& event, std::uint64_t index) override {
    data_.clear();
    for (const auto& s : event.strings) {
      if (!data_.empty()) data_ += ' ';
      data_ += s;
    }
    const auto id = std::to_string(event.event_id);
    const auto level = std::to_string(event.level);
    line_ = fmt::format("{} {} {}", event.provider, id, data_);
    matches_.clear();
    rules_.prefilter(LogType::evtx).scan(line_, scratch_, matches_);
    ++result_.stats.lines;
    if (!event.timestamp.empty()) {  // ISO 8601 strings sort as the instants they name
      if (result_.first_event.empty() || event.timestamp < result_.first_event) result_.first_event = event.timestamp;
      if (event.timestamp > result_.last_event) result_.last_event = event.timestamp;
    }
    if (matches_.empty()) return;
    rules_.select(LogType::evtx, matches_, selected_);
    if (selected_.empty()) return;
    ++result_.stats.candidates;
    Record record;
    record.type = LogType::evtx;
    record.line = line_;
    record.columns = &event_columns();
    record.values = {event.provider, id, level, event.timestamp, event.computer, data_};
    // Events have no line numbers: the record's position in the file stands in for one.
    try_rules(rules_, selected_, record, Place{file_, index + 1, 0}, result_.findings);
  }

 private:
  const RuleSet& rules_;
  match::PatternSet::Scratch& scratch_;
  std::string_view file_;
  LogResult& result_;
  std::string data_, line_;
  std::vector<match::PatternMatch> matches_;
  std::vector<std::uint32_t> selected_;
};

}  // namespace

Result<LogSearch> LogSearch::create(const RuleSet& rules, SearchLimits limits) {
  LogSearch search(rules, limits);
  for (std::size_t t = 0; t < kLogTypeCount; ++t) {
    auto scratch = rules.prefilter(static_cast<LogType>(t)).make_scratch();
    if (!scratch) return std::unexpected(scratch.error());
    search.scratch_[t] = std::move(*scratch);
  }
  return search;
}

Result<LogResult> LogSearch::search_lines(ByteSource& source, LogType type, std::string_view display_path) {
  LogResult result;
  LineRules visitor(*rules_, type, display_path, result);
  auto stats = searcher_.search(source, rules_->prefilter(type), scratch_[static_cast<std::size_t>(type)], visitor);
  visitor.finish();
  if (!stats) return std::unexpected(stats.error());
  result.stats = std::move(*stats);
  if (!result.stats.overlong_lines.empty()) {
    const auto& lines = result.stats.overlong_lines;
    const auto message =
        lines.size() == 1
            ? fmt::format("a line too long to search was skipped (line {})", lines.front())
            : fmt::format("{} lines too long to search were skipped (first: line {})", lines.size(), lines.front());
    result.warnings.push_back(Error{Errc::limit_exceeded, message, Where{std::string(display_path), lines.front()}});
  }
  return result;
}

namespace {

// What an event log's reading left out becomes a warning beside the findings it did give.
void warn_about_gaps(const EvtxStats& stats, std::string_view display_path, LogResult& result) {
  if (stats.unreadable > 0)
    result.warnings.push_back(Error{Errc::parse_error,
                                    fmt::format("{} event records could not be decoded", stats.unreadable),
                                    Where{std::string(display_path)}});
  if (!stats.stopped.empty())
    result.warnings.push_back(Error{Errc::parse_error, stats.stopped, Where{std::string(display_path)}});
}

}  // namespace

Result<LogResult> LogSearch::search_evtx(const std::filesystem::path& path, std::string_view display_path) {
  LogResult result;
  EventRules visitor(*rules_, scratch_[static_cast<std::size_t>(LogType::evtx)], display_path, result);
  auto stats = read_evtx_file(path, visitor);
  if (!stats) return std::unexpected(stats.error());
  warn_about_gaps(*stats, display_path, result);
  return result;
}

Result<LogResult> LogSearch::search_evtx_bytes(std::string_view bytes, std::string_view display_path) {
  LogResult result;
  EventRules visitor(*rules_, scratch_[static_cast<std::size_t>(LogType::evtx)], display_path, result);
  auto stats = read_evtx_bytes(bytes, visitor);
  if (!stats) return std::unexpected(stats.error());
  warn_about_gaps(*stats, display_path, result);
  result.stats.bytes = bytes.size();
  return result;
}

LogResult LogSearch::search_event(const EventRecord& event, std::string_view display_path) {
  LogResult result;
  EventRules visitor(*rules_, scratch_[static_cast<std::size_t>(LogType::evtx)], display_path, result);
  visitor.on_event(event, 0);
  return result;
}

std::vector<Finding> LogSearch::search_file(const FileFacts& file, std::string_view display_path) const {
  static const Columns columns({"path", "name", "size"});
  const auto size = std::to_string(file.size);
  Record record;
  record.columns = &columns;
  record.line = file.path;
  record.values = {file.path, file.name, size};
  std::vector<Finding> out;
  try_rules(*rules_, rules_->file_rules(), record, Place{display_path, 0, 0}, out);
  return out;
}

}  // namespace exray::loghunt
