// SPDX-License-Identifier: Apache-2.0
#include "findings.hpp"

#include <fmt/format.h>

#include <map>

#include "exray/core/text.hpp"

namespace exray::filescan {

namespace {

constexpr std::size_t kListedFiles = 1000;  // encrypted files named in the summary finding

const char* kWhatToDo =
    "Quarantine the file with its evidence (exray quarantine), then hunt the logs around its write time for how "
    "it got there.";

Finding base(const FileFacts& facts) {
  Finding f;
  f.subject = facts.entry->path;
  f.evidence.file = facts.entry->path;
  f.event_time = facts.entry->modified;
  f.observed_time = now();
  auto& fields = f.evidence.fields;
  for (auto type : {HashType::sha256, HashType::sha1, HashType::md5})
    if (auto hex = facts.digests->hex(type); !hex.empty()) fields.push_back({std::string(to_string(type)), hex});
  fields.push_back({"size", std::to_string(facts.entry->size)});
  fields.push_back({"modified", format_iso8601(facts.entry->modified)});
  if (facts.entry->created) fields.push_back({"created", format_iso8601(*facts.entry->created)});
  f.remediation = kWhatToDo;
  return f;
}

FindingKind kind_from_words(std::string_view text) {
  if (icontains(text, "ransom") || icontains(text, "dearcry") || icontains(text, "crypt")) return FindingKind::ransomware;
  if (icontains(text, "shell")) return FindingKind::webshell;
  return FindingKind::suspicious_file;
}

// Public rule sets rate with `score` (0–100, as THOR and Loki do) or `severity`; ours with
// `severity`, `kind` and `confidence`.
void rate(Finding& f, const YaraMatch& m) {
  if (auto s = parse_severity(m.meta_value("severity"))) {
    f.severity = *s;
  } else if (auto score = parse_u32(m.meta_value("score"))) {
    f.severity = *score >= 80 ? Severity::high : *score >= 60 ? Severity::medium : Severity::low;
  } else {
    f.severity = Severity::medium;
  }
  const auto kind = m.meta_value("kind");
  if (auto k = parse_finding_kind(kind)) {
    f.kind = *k;
  } else if (kind == "credential_dump") {
    f.kind = FindingKind::suspicious_file;
  } else {
    f.kind = kind_from_words(m.rule + " " + m.meta_value("description"));
  }
  f.confidence = parse_confidence(m.meta_value("confidence")).value_or(Confidence::medium);
}

}  // namespace

Finding ioc_finding(const FileFacts& facts, const Indicator& indicator) {
  auto f = base(facts);
  f.kind = kind_from_words(indicator.name);
  f.rule = {"ioc-hash-listed", "File hash is on an indicator list" + (indicator.name.empty() ? "" : ": " + indicator.name)};
  f.severity = Severity::high;
  f.confidence = Confidence::high;
  f.evidence.fields.push_back({"indicator", fmt::format("{} {}", to_string(indicator.type), indicator.hex)});
  f.evidence.fields.push_back({"listed_in", indicator.source});
  return f;
}

Finding hit_finding(const FileFacts& facts, Hit hit) {
  auto f = base(facts);
  f.kind = hit.kind;
  f.rule = {std::move(hit.id), std::move(hit.title)};
  f.severity = hit.severity;
  f.confidence = hit.confidence;
  f.evidence.offset = hit.offset;
  f.evidence.excerpt = std::move(hit.excerpt);
  for (auto& field : hit.fields) f.evidence.fields.push_back(std::move(field));
  f.evidence.fields.push_back({"why", std::move(hit.why)});
  return f;
}

Finding yara_finding(const FileFacts& facts, const YaraMatch& m) {
  auto f = base(facts);
  rate(f, m);
  auto id = m.meta_value("id");
  if (id.empty()) id = fmt::format("yara:{}.{}", m.name_space, m.rule);
  auto title = m.meta_value("title");
  if (title.empty()) title = m.meta_value("description");
  if (title.empty()) title = m.rule;
  f.rule = {std::move(id), std::move(title)};
  std::vector<std::string> where;
  for (const auto& s : m.strings) where.push_back(fmt::format("{}@{}", s.id, s.offset));
  if (!m.strings.empty()) {
    f.evidence.offset = m.strings.front().offset;
    f.evidence.excerpt = make_excerpt(m.strings.front().data);
    f.evidence.fields.push_back({"strings", fmt::format("{}", fmt::join(where, " "))});
  }
  f.evidence.fields.push_back({"yara_rule", fmt::format("{}.{}", m.name_space, m.rule)});
  if (auto why = m.meta_value("description"); !why.empty()) f.evidence.fields.push_back({"why", why});
  return f;
}

Finding encrypted_summary(const std::vector<Finding>& files) {
  Finding f = files.front();
  std::map<std::string, std::uint64_t> folders;
  for (const auto& file : files) {
    const auto slash = file.subject.rfind('/');
    ++folders[slash == std::string::npos ? "." : file.subject.substr(0, slash)];
  }
  f.rule.title = fmt::format("{} files encrypted by DearCry ransomware", files.size());
  f.subject = folders.size() == 1 ? folders.begin()->first : fmt::format("{} folders", folders.size());
  f.evidence = files.front().evidence;
  auto& fields = f.evidence.fields;
  fields.clear();
  fields.push_back({"encrypted_files", std::to_string(files.size())});
  fields.push_back({"folders", std::to_string(folders.size())});
  for (std::size_t i = 0; i < files.size() && i < kListedFiles; ++i) fields.push_back({"file", files[i].subject});
  if (files.size() > kListedFiles)
    fields.push_back({"not_listed", std::to_string(files.size() - kListedFiles)});
  f.event_time = files.front().event_time;
  for (const auto& file : files)
    if (file.event_time && (!f.event_time || *file.event_time < *f.event_time)) f.event_time = file.event_time;
  f.remediation = "Isolate the server, restore the files from backup, and treat every credential on it as stolen.";
  return f;
}

}  // namespace exray::filescan
