// SPDX-License-Identifier: Apache-2.0
#include "exray/core/finding.hpp"

#include <fmt/format.h>

#include "exray/core/enum_names.hpp"

namespace exray {
namespace {

template <class Enum, std::size_t N>
Result<Enum> parse_enum(const EnumNames<Enum, N>& names, std::string_view text, std::string_view what) {
  if (auto value = names.parse(text)) return *value;
  return fail(Errc::invalid_argument, fmt::format("'{}' is not a {}", text, what));
}

using K = std::pair<FindingKind, std::string_view>;
constexpr EnumNames kKinds{K{FindingKind::exposure, "exposure"},
                           K{FindingKind::exploitation, "exploitation"},
                           K{FindingKind::reconnaissance, "reconnaissance"},
                           K{FindingKind::webshell, "webshell"},
                           K{FindingKind::ransomware, "ransomware"},
                           K{FindingKind::suspicious_file, "suspicious_file"},
                           K{FindingKind::mitigation_missing, "mitigation_missing"},
                           K{FindingKind::scan_error, "scan_error"}};
using S = std::pair<Severity, std::string_view>;
constexpr EnumNames kSeverities{S{Severity::info, "info"}, S{Severity::low, "low"}, S{Severity::medium, "medium"},
                                S{Severity::high, "high"}, S{Severity::critical, "critical"}};
using C = std::pair<Confidence, std::string_view>;
constexpr EnumNames kConfidences{C{Confidence::low, "low"}, C{Confidence::medium, "medium"},
                                 C{Confidence::high, "high"}};

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

std::string_view to_string(FindingKind kind) noexcept { return kKinds.name(kind); }
std::string_view to_string(Severity severity) noexcept { return kSeverities.name(severity); }
std::string_view to_string(Confidence confidence) noexcept { return kConfidences.name(confidence); }
Result<FindingKind> parse_finding_kind(std::string_view text) { return parse_enum(kKinds, text, "finding kind"); }
Result<Severity> parse_severity(std::string_view text) { return parse_enum(kSeverities, text, "severity"); }
Result<Confidence> parse_confidence(std::string_view text) { return parse_enum(kConfidences, text, "confidence"); }

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
