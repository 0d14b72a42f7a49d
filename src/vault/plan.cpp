// SPDX-License-Identifier: Apache-2.0
#include "exray/vault/plan.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "exray/core/line_reader.hpp"

namespace exray::vault {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// A findings line is at most a few KiB; a longer one is not ours.
constexpr std::size_t kMaxLine = std::size_t{1} << 24U;

std::string text_at(const Json& j, const Json::json_pointer& at) {
  if (!j.contains(at)) return {};
  const auto& v = j.at(at);
  return v.is_string() ? v.get<std::string>() : std::string();
}

bool is_sha256(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

Result<Plan> plan_from_findings(const fs::path& findings, Severity min_severity) {
  std::ifstream in(findings, std::ios::binary);
  if (!in) return fail(Errc::not_found, "cannot open the findings file", Where{findings.string()});
  Plan plan;
  fs::path cwd;
  std::map<std::string, std::size_t> by_path;  // path -> index in candidates
  std::string line;
  std::uint64_t number = 0;
  for (LineRead read; (read = read_line(in, line, kMaxLine)) != LineRead::end;) {
    ++number;
    const Where where{findings.string(), number};
    if (read == LineRead::too_long) return fail(Errc::limit_exceeded, "line too long for a findings record", where);
    if (line.empty() || line == "\r") continue;
    const auto j = Json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("type"))
      return fail(Errc::parse_error, "not a JSON Lines record of exray (use `exray hunt --format jsonl -o FILE`)",
                  where);
    const auto type = j.value("type", std::string());
    if (type == "run") {
      cwd = fs::path(j.value("cwd", std::string()));
      if (const auto r = j.find("roots"); r != j.end() && r->is_array())
        for (const auto& root : *r)
          if (root.is_string()) plan.roots.emplace_back(root.get<std::string>());
      continue;
    }
    if (type != "finding") continue;
    const auto sha256 = text_at(j, Json::json_pointer("/evidence/fields/sha256"));
    const auto subject = j.value("subject", std::string());
    if (!is_sha256(sha256) || subject.empty()) continue;  // not about one file (log lines, aggregates)
    auto severity = parse_severity(j.value("severity", std::string()));
    if (!severity) return fail(Errc::parse_error, "unknown severity", where);
    if (*severity < min_severity) {
      ++plan.below_severity;
      continue;
    }
    fs::path path(subject);
    if (path.is_relative()) path = (cwd.empty() ? fs::current_path() : cwd) / path;
    path = path.lexically_normal();
    Candidate c{path, sha256,
                FindingRef{j.value("id", std::string()), text_at(j, Json::json_pointer("/rule/id")),
                           j.value("kind", std::string()), std::string(to_string(*severity))},
                *severity};
    const auto [it, fresh] = by_path.try_emplace(path.string(), plan.candidates.size());
    if (fresh) {
      plan.candidates.push_back(std::move(c));
    } else if (auto& kept = plan.candidates[it->second]; c.severity > kept.severity) {
      kept = std::move(c);
    }
  }
  if (in.bad()) return fail(Errc::io_error, "cannot read the findings file", Where{findings.string()});
  return plan;
}

}  // namespace exray::vault
