// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/hunter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "exray/core/text.hpp"
#include "exray/loghunt/formats.hpp"
#include "exray/loghunt/log_search.hpp"

namespace exray::loghunt {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kHeadBytes = 8192;  // enough for every header a format puts first

// A walked file as the hunt sees it: the walk's entry, not a copy (a disk has millions).
struct Entry {
  const walk::FileEntry* file = nullptr;
  bool log_candidate = false;

  [[nodiscard]] const std::string& display() const { return file->path; }
  [[nodiscard]] FileFacts facts() const { return {file->relative, std::string(file->name()), file->size}; }
};


// Logs have these extensions, or live in these folders (Test-ProxyLogon reads every file under
// OABGeneratorLog, whatever its name).
bool looks_like_log(const fs::path& path) {
  auto ext = path.extension().string();
  for (auto known : {".log", ".txt", ".evtx", ".gz", ".csv"})
    if (iequals(ext, known)) return true;
  auto generic = path.generic_string();
  for (auto folder : {"/logging/", "/inetpub/logs/", "/winevt/logs/"})
    if (icontains(generic, folder)) return true;
  return false;
}

Entry entry_of(const walk::FileEntry& file) { return Entry{&file, file.named || looks_like_log(file.path)}; }

// Gives back the bytes already read for sniffing, then the rest of the stream.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string head, ByteSource& rest) : head_(std::move(head)), rest_(rest) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    if (pos_ < head_.size()) {
      const auto n = std::min(size, head_.size() - pos_);
      std::memcpy(buffer, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return rest_.read(buffer, size);
  }

 private:
  std::string head_;
  std::size_t pos_ = 0;
  ByteSource& rest_;
};

struct FileOutcome {
  bool searched = false;
  std::optional<LogType> type;
  std::optional<Date> first_date;
  std::optional<LogResult> result;
  std::optional<Error> error;
};

FileOutcome search_one(LogSearch& search, const RuleSet& rules, const Entry& entry, bool search_logs) {
  FileOutcome outcome;
  auto fail_with = [&](const Error& e) {
    outcome.error = Error{e.code, e.message, Where{entry.display(), e.where.line}};
    return outcome;
  };
  auto source = open_byte_source(entry.display());
  if (!source) return fail_with(source.error());
  std::string head(kHeadBytes, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    auto n = (*source)->read(head.data() + got, head.size() - got);
    if (!n) return fail_with(n.error());
    if (*n == 0) break;
    got += *n;
  }
  head.resize(got);
  std::string name = entry.file->relative;
  if (name.size() > 3 && iequals(name.substr(name.size() - 3), ".gz")) name.resize(name.size() - 3);
  outcome.type = sniff_log_type(head, name);
  if (!outcome.type) return outcome;  // binary, not a log
  outcome.first_date = sniff_first_date(head);
  if (!search_logs || !rules.reads(*outcome.type)) return outcome;
  outcome.searched = true;
  Result<LogResult> result;
  if (*outcome.type == LogType::evtx) {
    result = search.search_evtx(entry.display(), entry.display());
    if (result) result->stats.bytes = entry.file->size;
  } else {
    PrefixedSource prefixed(std::move(head), **source);
    result = search.search_lines(prefixed, *outcome.type, entry.display());
  }
  if (!result) return fail_with(result.error());
  outcome.result = std::move(*result);
  return outcome;
}

std::optional<Date> date_of(const std::string& iso) {
  if (iso.size() < 10) return std::nullopt;
  auto date = parse_iso_date(std::string_view(iso).substr(0, 10));
  return date ? std::optional<Date>(*date) : std::nullopt;
}

void account(const Entry& entry, FileOutcome& outcome, HuntSummary& summary, FindingSink& sink,
             bool& exploited) {
  if (outcome.type && *outcome.type != LogType::text) {
    // Line logs say where they start in their head; event logs only once read.
    auto first = outcome.first_date, last = outcome.first_date;
    if (outcome.result && !outcome.result->first_event.empty()) {
      first = date_of(outcome.result->first_event);
      last = date_of(outcome.result->last_event);
    }
    const auto folder = fs::path(entry.display()).parent_path().string();
    auto it = std::find_if(summary.reach.begin(), summary.reach.end(),
                           [&](const FolderReach& r) { return r.folder == folder && r.type == *outcome.type; });
    if (it == summary.reach.end()) it = summary.reach.insert(summary.reach.end(), FolderReach{folder, *outcome.type, {}, {}, 0});
    ++it->files;
    if (first && (!it->earliest || *first < *it->earliest)) it->earliest = first;
    if (last && (!it->latest || *last > *it->latest)) it->latest = last;
  }
  if (outcome.searched) {
    ++summary.logs_searched;
    ++summary.logs_by_type[static_cast<std::size_t>(*outcome.type)];
  }
  if (outcome.error) {
    ++summary.errors;
    sink.on_error(*outcome.error);
  }
  if (!outcome.result) return;
  const auto& stats = outcome.result->stats;
  summary.bytes += stats.bytes;
  summary.lines += stats.lines;
  summary.candidates += stats.candidates;
  for (const auto& finding : outcome.result->findings) {
    if (finding.kind == FindingKind::exploitation || finding.kind == FindingKind::webshell) exploited = true;
    ++summary.findings_by_rule[finding.rule.id];
    sink.on_finding(finding);
  }
  for (const auto& warning : outcome.result->warnings) {
    ++summary.errors;
    sink.on_error(warning);
  }
}

}  // namespace

Result<HuntSummary> hunt_files(const RuleSet& rules, std::span<const walk::FileEntry> files,
                               const HuntOptions& options, FindingSink& sink) {
  const auto started = std::chrono::steady_clock::now();
  HuntSummary summary;
  summary.files_seen = files.size();
  summary.read_as_log.assign(files.size(), false);
  std::vector<Entry> entries;
  entries.reserve(files.size());
  for (const auto& file : files) entries.push_back(entry_of(file));
  std::vector<std::size_t> logs;
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (entries[i].log_candidate) logs.push_back(i);

  const unsigned wanted = options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const unsigned workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(wanted, logs.size())));
  std::vector<LogSearch> searches;
  for (unsigned w = 0; w < workers; ++w) {
    auto search = LogSearch::create(rules, options.limits);
    if (!search) return std::unexpected(search.error());
    searches.push_back(std::move(*search));
  }

  // Workers take files in path order and park their outcome; whoever completes the next file in
  // order delivers every ready outcome, so output order does not depend on thread timing.
  std::vector<std::optional<FileOutcome>> done(logs.size());
  std::atomic<std::size_t> next{0};
  std::mutex deliver;
  std::size_t delivered = 0;
  bool exploited = false;
  auto work = [&](LogSearch& search) {
    while (true) {
      const auto i = next.fetch_add(1);
      if (i >= logs.size()) return;
      FileOutcome outcome;
      if (!options.cancel || !options.cancel->requested()) outcome = search_one(search, rules, entries[logs[i]], options.search_logs);
      std::lock_guard lock(deliver);
      done[i] = std::move(outcome);
      while (delivered < done.size() && done[delivered]) {
        const auto& d = *done[delivered];
        summary.read_as_log[logs[delivered]] = d.type && *d.type != LogType::text;
        account(entries[logs[delivered]], *done[delivered], summary, sink, exploited);
        done[delivered].reset();
        ++delivered;
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work, std::ref(searches[w]));
    work(searches[0]);
  }

  if (!options.logs_only && !rules.file_rules().empty()) {
    for (const auto& entry : entries) {
      for (auto& finding : searches[0].search_file(entry.facts(), entry.display())) {
        const auto& rule = *std::find_if(rules.rules().begin(), rules.rules().end(),
                                         [&](const Rule& r) { return r.id == finding.rule.id; });
        if (exploited && rule.severity_if_exploited) finding.severity = *rule.severity_if_exploited;
        ++summary.findings_by_rule[finding.rule.id];
        sink.on_finding(finding);
      }
    }
  }
  summary.exploited = exploited;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

Result<HuntSummary> hunt(const RuleSet& rules, std::span<const std::string> roots, const HuntOptions& options,
                         FindingSink& sink) {
  walk::WalkOptions walk_options;
  walk_options.threads = options.threads;
  walk_options.cancel = options.cancel;
  walk::WalkSummary walked;
  const auto files = walk::walk(roots, walk_options, sink, walked);
  auto summary = hunt_files(rules, files, options, sink);
  if (!summary) return summary;
  summary->symlinks_skipped = walked.symlinks_skipped;
  summary->special_skipped = walked.special_skipped;
  summary->errors += walked.errors;
  return summary;
}

}  // namespace exray::loghunt
