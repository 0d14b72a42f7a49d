// SPDX-License-Identifier: Apache-2.0
#include "exray/inventory/timeline.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "exray/core/text.hpp"

namespace exray::inventory {

namespace {

using Json = nlohmann::json;

// The built-in rules whose kind says less than their step: "exploitation" covers the request
// that exploits, the configuration it changes and the file that change writes.
constexpr std::array<std::pair<std::string_view, Stage>, 8> kRuleStages{{
    {"proxylogon-ecp-set-vdir-script", Stage::config_change},  // code put into a vdir URL
    {"proxyshell-role-assignment", Stage::config_change},      // export rights granted
    {"exchange-transport-agent", Stage::config_change},        // an agent loaded into transport
    {"exchange-privileged-group", Stage::config_change},       // a member of an Exchange AD group
    {"defender-webshell-detection", Stage::file_written},      // the antivirus saw the file
    {"proxylogon-ecp-reset-vdir", Stage::file_written},        // the reset writes the vdir file
    {"proxylogon-oab-file-write", Stage::file_written},        // OABGen wrote to a web path
    {"proxyshell-mailbox-export", Stage::file_written},        // a mailbox exported as a shell
}};

Stage stage_of(std::string_view kind, std::string_view rule, bool from_a_log) {
  for (const auto& [id, stage] : kRuleStages)
    if (rule == id) return stage;
  if (kind == "webshell") return from_a_log ? Stage::shell_used : Stage::file_written;
  if (kind == "reconnaissance") return Stage::probe;
  if (kind == "ransomware") return Stage::ransomware;
  if (kind == "suspicious_file")
    return rule.find("lsass") != std::string_view::npos ? Stage::credentials : Stage::staging;
  return Stage::exploit;
}

bool tells_of_compromise(Stage s) {
  return s == Stage::exploit || s == Stage::config_change || s == Stage::file_written || s == Stage::shell_used ||
         s == Stage::ransomware;
}

std::string lower_slashed(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out.push_back(c == '\\' ? '/' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

std::string field(const Json& fields, const char* name) {
  if (!fields.is_object()) return {};
  const auto it = fields.find(name);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A step read back from a stored finding record; `file` is set when the finding is a file on
// disk, `line` ("file:line") when it is a log line.
struct Read {
  TimelineStep step;
  std::string file, line;
};

Read read_step(const store::FindingRow& row) {
  const auto record = Json::parse(row.record, nullptr, false);
  const Json none;
  const auto& evidence = record.is_object() && record.contains("evidence") ? record["evidence"] : none;
  const auto& fields = evidence.is_object() && evidence.contains("fields") ? evidence["fields"] : none;
  const bool from_a_log = evidence.is_object() && evidence.value("line", 0) > 0;
  Read r;
  if (from_a_log) r.line = evidence.value("file", std::string()) + ":" + std::to_string(evidence.value("line", 0));
  r.step.time = row.time;
  r.step.rule = row.rule;
  r.step.stage = stage_of(row.kind, row.rule, from_a_log);
  const auto uri = field(fields, "uri");
  const auto written = field(fields, "path");
  if (!uri.empty()) {
    const auto method = field(fields, "method");
    r.step.what = method.empty() ? uri : method + " " + uri;
  } else if (!written.empty()) {
    r.step.what = written;
  } else if (!from_a_log) {
    r.step.what = row.subject;
    r.file = row.subject;
  } else {
    r.step.what = evidence.is_object() ? evidence.value("excerpt", std::string()) : std::string();
  }
  if (r.step.what.size() > 300) r.step.what = r.step.what.substr(0, 300) + "…";
  if (r.step.stage == Stage::shell_used) r.step.web_path = web_path_of_url(uri);
  if (r.step.stage == Stage::file_written) r.step.web_path = web_path_of_file(written.empty() ? r.file : written);
  return r;
}

// The latest step of `stage` at or before `time`.
std::string last_before(const std::vector<TimelineStep>& steps, Stage stage, const std::string& time) {
  std::string found;
  for (const auto& s : steps)
    if (s.stage == stage && !s.time.empty() && s.time <= time) found = s.time;
  return found;
}

std::vector<ShellChain> chains_of(const std::vector<Read>& reads, const std::vector<TimelineStep>& steps) {
  std::map<std::string, ShellChain> by_path;
  std::set<std::string> requests;  // two rules on one log line are one use
  for (const auto& [step, file, line] : reads) {
    if (step.web_path.empty()) continue;
    auto& c = by_path[step.web_path];
    c.web_path = step.web_path;
    if (step.stage == Stage::shell_used) {
      if (!requests.insert(line).second) continue;
      ++c.uses;
      if (c.first_used.empty() || step.time < c.first_used) c.first_used = step.time;
      c.last_used = std::max(c.last_used, step.time);
    } else {
      if (c.written.empty() || step.time < c.written) c.written = step.time;
      if (!file.empty()) c.file = file;
    }
  }
  std::vector<ShellChain> out;
  for (auto& [_, c] : by_path) {
    // The shell was in place by its first use, whatever a copied file's mtime says.
    const auto& anchor =
        c.written.empty() || (!c.first_used.empty() && c.first_used < c.written) ? c.first_used : c.written;
    c.exploited = last_before(steps, Stage::exploit, anchor);
    c.changed = last_before(steps, Stage::config_change, anchor);
    out.push_back(std::move(c));
  }
  std::ranges::sort(out, [](const ShellChain& a, const ShellChain& b) {
    const auto& x = a.written.empty() ? a.first_used : a.written;
    const auto& y = b.written.empty() ? b.first_used : b.written;
    return std::tie(x, a.web_path) < std::tie(y, b.web_path);
  });
  return out;
}

}  // namespace

std::string_view to_string(Stage stage) noexcept {
  switch (stage) {
    case Stage::probe:
      return "probe";
    case Stage::exploit:
      return "exploit";
    case Stage::config_change:
      return "config-change";
    case Stage::file_written:
      return "file-written";
    case Stage::shell_used:
      return "shell-used";
    case Stage::credentials:
      return "credentials";
    case Stage::staging:
      return "staging";
    case Stage::ransomware:
      return "ransomware";
  }
  return "exploit";
}

std::string web_path_of_file(std::string_view path) {
  auto p = lower_slashed(trim(path));
  while (!p.empty() && (p.front() == '\'' || p.front() == '"')) p.erase(0, 1);
  while (!p.empty() && (p.back() == '\'' || p.back() == '"')) p.pop_back();
  // IIS's default site, and the two folders Exchange serves its own virtual directories from.
  for (std::string_view root : {"/inetpub/wwwroot/", "/frontend/httpproxy/", "/clientaccess/"})
    if (const auto at = p.rfind(root); at != std::string::npos) return p.substr(at + root.size() - 1);
  return {};
}

std::string web_path_of_url(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const auto path = url.find('/', scheme + 3);
    url = path == std::string_view::npos ? std::string_view() : url.substr(path);
  }
  if (url.empty() || url.front() != '/') return {};
  return lower_slashed(url);
}

std::map<std::string, HostTimeline> timelines(const std::map<std::string, std::vector<store::FindingRow>>& by_host) {
  std::map<std::string, HostTimeline> out;
  for (const auto& [host, rows] : by_host) {
    std::vector<Read> reads;
    std::set<std::string> seen;  // a finding found again by a later hunt is one step
    for (const auto& row : rows)
      if (seen.insert(row.id).second) reads.push_back(read_step(row));
    std::ranges::stable_sort(reads, [](const Read& a, const Read& b) { return a.step.time < b.step.time; });
    if (std::ranges::none_of(reads, [](const Read& r) { return tells_of_compromise(r.step.stage); })) continue;
    HostTimeline t;
    for (const auto& r : reads) t.steps.push_back(r.step);
    t.chains = chains_of(reads, t.steps);
    out.emplace(host, std::move(t));
  }
  return out;
}

}  // namespace exray::inventory
