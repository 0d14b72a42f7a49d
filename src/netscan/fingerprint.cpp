// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/fingerprint.hpp"

#include <algorithm>

#include "exray/core/text.hpp"
#include "exray/match/regex.hpp"

namespace exray::netscan {
namespace {

bool iequal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool icontains(std::string_view haystack, std::string_view needle) noexcept {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         }) != haystack.end();
}

// Only plausible Exchange versions: 8 (2007) to 15 (2013 and later).
std::optional<kb::Build> plausible(std::string_view text) {
  auto build = kb::parse_build(text);
  if (!build || build->part[0] < 8 || build->part[0] > 15) return std::nullopt;
  return *build;
}

// The value of attribute `name` inside one start tag, or empty.
std::string_view attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = 0; (at = tag.find(name, at)) != std::string_view::npos; at += name.size()) {
    if (at > 0 && tag[at - 1] != ' ' && tag[at - 1] != '\t' && tag[at - 1] != '\n' && tag[at - 1] != '\r') continue;
    auto rest = tag.substr(at + name.size());
    rest = rest.substr(std::min(rest.find_first_not_of(" \t\r\n"), rest.size()));
    if (rest.empty() || rest.front() != '=') continue;
    rest = rest.substr(1);
    rest = rest.substr(std::min(rest.find_first_not_of(" \t\r\n"), rest.size()));
    if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) continue;
    const char quote = rest.front();
    const auto end = rest.find(quote, 1);
    if (end == std::string_view::npos) return {};
    return rest.substr(1, end - 1);
  }
  return {};
}

}  // namespace

std::string_view to_code(BuildSource source) noexcept {
  switch (source) {
    case BuildSource::owa_header:
      return "x-owa-version";
    case BuildSource::exporttool:
      return "exporttool";
    case BuildSource::owa_path:
      return "owa-path";
    case BuildSource::none:
      break;
  }
  return "none";
}

std::optional<kb::Build> build_from_owa_header(const HttpResponse& response) {
  return plausible(response.header("X-OWA-Version"));
}

std::optional<kb::Build> build_from_exporttool(const HttpResponse& response) {
  if (response.status != 200) return std::nullopt;
  // The manifest names the tool's assembly; its version is the server's build. The deployment's
  // own identity (".application") carries the same version and serves when the other is missing.
  std::optional<kb::Build> fallback;
  std::string_view body = response.body;
  for (std::size_t at = 0; (at = body.find("<assemblyIdentity", at)) != std::string_view::npos;) {
    const auto end = body.find('>', at);
    if (end == std::string_view::npos) break;
    const auto tag = body.substr(at, end - at);
    at = end;
    const auto name = attribute(tag, "name");
    if (!icontains(name, "microsoft.exchange.ediscovery.exporttool")) continue;
    auto build = plausible(attribute(tag, "version"));
    if (!build || !build->exact()) continue;
    if (iequal(name, "microsoft.exchange.ediscovery.exporttool")) return build;
    if (!fallback) fallback = build;
  }
  return fallback;
}

std::optional<kb::Build> build_from_logon_page(const HttpResponse& response) {
  // 2013 and later: /owa/auth/15.1.2176/themes/… (the CU only); 2010: /owa/14.3.513.0/… (all four).
  static const auto pattern = match::Regex::compile(R"(/owa/(?:auth/)?(1[45]\.\d{1,2}\.\d{1,5}(?:\.\d{1,5})?)/)");
  std::vector<std::string_view> groups;
  if (!pattern || !pattern->search(response.body, groups) || groups.empty()) return std::nullopt;
  return plausible(groups[0]);
}

bool looks_like_exchange(const HttpResponse& response) {
  for (const auto* name : {"X-OWA-Version", "X-FEServer", "X-BEServer", "X-CalculatedBETarget"})
    if (response.has_header(name)) return true;
  if (response.status >= 300 && response.status < 400 && icontains(response.header("Location"), "/owa/auth/logon.aspx"))
    return true;
  return build_from_logon_page(response).has_value();
}

}  // namespace exray::netscan
