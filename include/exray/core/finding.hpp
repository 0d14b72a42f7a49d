// SPDX-License-Identifier: Apache-2.0
// exray core: the one findings schema every engine emits.
//
// A Finding says what was seen (kind, rule), how bad and how sure (severity, confidence),
// where (host, subject, evidence), when (event and observation time), what it means (CVEs)
// and what to do (remediation). Engines push Findings into a FindingSink; printers, the store
// and the vault are sinks. JSON Lines output is this struct, versioned as kFindingSchemaVersion
// and documented in docs/output-schema.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/time.hpp"

namespace exray {

inline constexpr int kFindingSchemaVersion = 1;

enum class FindingKind : std::uint8_t {
  exposure,            // a server is reachable and vulnerable
  exploitation,        // traces of an attack in logs or events
  reconnaissance,      // probes for a flaw (scanners), not an attack on it
  webshell,            // a file that gives remote command execution
  ransomware,          // an encrypted file, note or known ransomware binary
  suspicious_file,     // a file worth a look (credential dump, staged archive)
  mitigation_missing,  // an interim mitigation that should be in place is not
  scan_error,          // a target or file that could not be examined
};

enum class Severity : std::uint8_t { info, low, medium, high, critical };
enum class Confidence : std::uint8_t { low, medium, high };

[[nodiscard]] std::string_view to_string(FindingKind kind) noexcept;
[[nodiscard]] std::string_view to_string(Severity severity) noexcept;
[[nodiscard]] std::string_view to_string(Confidence confidence) noexcept;
[[nodiscard]] Result<FindingKind> parse_finding_kind(std::string_view text);
[[nodiscard]] Result<Severity> parse_severity(std::string_view text);
[[nodiscard]] Result<Confidence> parse_confidence(std::string_view text);

struct RuleRef {
  std::string id;     // stable, e.g. "cve-2021-26855-ssrf"
  std::string title;  // one line for people
};

struct Host {
  std::string address;  // IP address, empty when examining a copy
  std::string name;     // host or server name where known
};

struct Field {
  std::string name;
  std::string value;
};

// Where the proof is: enough to find it again and to show it.
struct Evidence {
  std::string file;           // the file the evidence was read from
  std::uint64_t line = 0;     // 1-based line, 0 when not line-oriented
  std::uint64_t offset = 0;   // byte offset of the evidence in `file`
  std::string excerpt;        // a bounded copy of the bytes that matched (see make_excerpt)
  std::vector<Field> fields;  // named values, e.g. the log columns a rule reports
};

struct Finding {
  FindingKind kind = FindingKind::suspicious_file;
  RuleRef rule;
  Severity severity = Severity::medium;
  Confidence confidence = Confidence::medium;
  Host host;
  std::string subject;  // URL, path or log file the finding is about
  Evidence evidence;
  std::optional<TimePoint> event_time;  // when it happened, if the evidence says
  TimePoint observed_time{};            // when exray saw it
  std::vector<std::string> cves;
  std::string remediation;
};

// A stable identifier: the same rule on the same host, subject and evidence place gives the same
// id on every run, so repeated scans update findings instead of duplicating them.
[[nodiscard]] std::string finding_id(const Finding& finding);

inline constexpr std::size_t kMaxExcerptBytes = 512;

// Copies at most kMaxExcerptBytes of `bytes`, marking a cut with "…", so one hostile
// multi-megabyte line cannot bloat every printer and store downstream.
[[nodiscard]] std::string make_excerpt(std::string_view bytes);

}  // namespace exray
