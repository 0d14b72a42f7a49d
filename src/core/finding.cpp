// SPDX-License-Identifier: Apache-2.0
#include "exray/core/finding.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace exray {
namespace {

template <class Enum, std::size_t N>
Result<Enum> parse_enum(std::string_view text, const std::array<std::pair<std::string_view, Enum>, N>& names,
                        std::string_view what) {
  for (const auto& [name, value] : names)
    if (name == text) return value;
  return fail(Errc::invalid_argument, fmt::format("'{}' is not a {}", text, what));
}

constexpr std::array<std::pair<std::string_view, FindingKind>, 7> kKinds{{
    {"exposure", FindingKind::exposure},
    {"exploitation", FindingKind::exploitation},
    {"webshell", FindingKind::webshell},
    {"ransomware", FindingKind::ransomware},
    {"suspicious_file", FindingKind::suspicious_file},
    {"mitigation_missing", FindingKind::mitigation_missing},
    {"scan_error", FindingKind::scan_error},
}};
constexpr std::array<std::pair<std::string_view, Severity>, 5> kSeverities{{
    {"info", Severity::info},
    {"low", Severity::low},
    {"medium", Severity::medium},
    {"high", Severity::high},
    {"critical", Severity::critical},
}};
constexpr std::array<std::pair<std::string_view, Confidence>, 3> kConfidences{{
    {"low", Confidence::low},
    {"medium", Confidence::medium},
    {"high", Confidence::high},
}};

template <class Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::pair<std::string_view, Enum>, N>& names) noexcept {
  for (const auto& [name, v] : names)
    if (v == value) return name;
  return "?";
}

// FNV-1a: the id only has to be stable and spread well, not resist an adversary choosing
// colliding findings (ids are per-host, per-rule keys, not a security boundary).
class Fnv1a {
 public:
  void add(std::string_view s) noexcept {
    for (char c : s) hash_ = (hash_ ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    hash_ = (hash_ ^ 0xffU) * 0x100000001b3ULL;  // separator so ("ab","c") != ("a","bc")
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string_view to_string(FindingKind kind) noexcept { return name_of(kind, kKinds); }
std::string_view to_string(Severity severity) noexcept { return name_of(severity, kSeverities); }
std::string_view to_string(Confidence confidence) noexcept { return name_of(confidence, kConfidences); }
Result<FindingKind> parse_finding_kind(std::string_view text) { return parse_enum(text, kKinds, "finding kind"); }
Result<Severity> parse_severity(std::string_view text) { return parse_enum(text, kSeverities, "severity"); }
Result<Confidence> parse_confidence(std::string_view text) { return parse_enum(text, kConfidences, "confidence"); }

std::string finding_id(const Finding& finding) {
  Fnv1a h;
  h.add(finding.rule.id);
  h.add(finding.host.address);
  h.add(finding.host.name);
  h.add(finding.subject);
  h.add(finding.evidence.file);
  h.add(std::to_string(finding.evidence.offset));
  return fmt::format("{:016x}", h.value());
}

std::string make_excerpt(std::string_view bytes) {
  if (bytes.size() <= kMaxExcerptBytes) return std::string(bytes);
  std::size_t cut = kMaxExcerptBytes;
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0U) == 0x80U) --cut;
  std::string out(bytes.substr(0, cut));
  out += "\xE2\x80\xA6";
  return out;
}

}  // namespace exray
