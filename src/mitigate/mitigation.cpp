// SPDX-License-Identifier: Apache-2.0
#include "exray/mitigate/mitigation.hpp"

#include <algorithm>
#include <optional>

#include "exray/core/embedded.hpp"
#include "exray/core/enum_names.hpp"

namespace exray {
std::span<const EmbeddedFile> builtin_mitigation_files();  // generated from rules/mitigations/
}  // namespace exray

namespace exray::mitigate {
namespace {

constexpr EnumNames kExploitNames{std::pair{Exploit::proxylogon, std::string_view("proxylogon")},
                                  std::pair{Exploit::proxyshell, std::string_view("proxyshell")},
                                  std::pair{Exploit::proxynotshell, std::string_view("proxynotshell")}};
constexpr EnumNames kTargetNames{std::pair{Target::iis, std::string_view("iis")},
                                 std::pair{Target::nginx, std::string_view("nginx")},
                                 std::pair{Target::haproxy, std::string_view("haproxy")},
                                 std::pair{Target::modsecurity, std::string_view("modsecurity")}};

constexpr std::string_view kBegin = "exray:begin ";
constexpr std::string_view kEnd = "exray:end";
constexpr std::string_view kForPlaceholder = "@FOR@";

std::string_view template_file(Target target) {
  switch (target) {
    case Target::iis:
      return "iis.xml";
    case Target::nginx:
      return "nginx.conf";
    case Target::haproxy:
      return "haproxy.cfg";
    case Target::modsecurity:
      return "modsecurity.conf";
  }
  return "";
}

// The section a begin-marker line names: the word after "exray:begin ".
std::string_view section_name(std::string_view line, std::size_t at) {
  auto rest = line.substr(at + kBegin.size());
  const auto end = rest.find_first_of(" \t\r\n-");
  return rest.substr(0, end);
}

std::string exploit_list(std::span<const Exploit> exploits) {
  std::string out;
  for (const auto e : exploits) {
    if (!out.empty()) out += ", ";
    out += to_string(e);
  }
  return out;
}

}  // namespace

std::string_view to_string(Exploit exploit) noexcept { return kExploitNames.name(exploit); }
std::string_view to_string(Target target) noexcept { return kTargetNames.name(target); }

Result<std::vector<Exploit>> parse_exploits(std::string_view list) {
  std::vector<bool> wanted(kExploitNames.entries.size(), false);
  std::size_t start = 0;
  while (true) {  // every item, the empty ones too: "proxylogon," is a typo, not a list of one
    const auto comma = list.find(',', start);
    const auto item = list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) {
      return fail(Errc::invalid_argument, "an empty name in the exploit list (a stray comma?)");
    } else if (item == "all") {
      std::fill(wanted.begin(), wanted.end(), true);
    } else if (auto e = kExploitNames.parse(item)) {
      wanted[static_cast<std::size_t>(*e)] = true;
    } else {
      return fail(Errc::invalid_argument,
                  "unknown exploit '" + std::string(item) + "' (known: proxylogon, proxyshell, proxynotshell, all)");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::vector<Exploit> out;
  for (const auto& [e, name] : kExploitNames.entries)
    if (wanted[static_cast<std::size_t>(e)]) out.push_back(e);
  return out;
}

Result<Target> parse_target(std::string_view name) {
  if (auto t = kTargetNames.parse(name)) return *t;
  return fail(Errc::invalid_argument,
              "unknown format '" + std::string(name) + "' (known: iis, nginx, haproxy, modsecurity)");
}

Result<std::string> render_template(std::string_view text, std::span<const Exploit> exploits, std::string_view source) {
  std::string out;
  out.reserve(text.size());
  std::optional<std::uint64_t> open_at;  // line of the section being read
  bool keep = true;
  std::uint64_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
    text.remove_prefix(line.size());
    ++line_no;
    const Where where{std::string(source), line_no};
    if (const auto at = line.find(kBegin); at != std::string_view::npos) {
      if (open_at) return fail(Errc::parse_error, "section opened inside another", where);
      const auto name = section_name(line, at);
      const auto exploit = kExploitNames.parse(name);
      if (!exploit) return fail(Errc::parse_error, "unknown section '" + std::string(name) + "'", where);
      open_at = line_no;
      keep = std::find(exploits.begin(), exploits.end(), *exploit) != exploits.end();
      continue;
    }
    if (line.find(kEnd) != std::string_view::npos) {
      if (!open_at) return fail(Errc::parse_error, "exray:end without exray:begin", where);
      open_at.reset();
      keep = true;
      continue;
    }
    if (!keep) continue;
    if (const auto at = line.find(kForPlaceholder); at != std::string_view::npos) {
      out.append(line.substr(0, at));
      out += exploit_list(exploits);
      out.append(line.substr(at + kForPlaceholder.size()));
    } else {
      out.append(line);
    }
  }
  if (open_at) return fail(Errc::parse_error, "section never closed", Where{std::string(source), *open_at});
  return out;
}

Result<std::string> render(Target target, std::span<const Exploit> exploits) {
  const auto file = template_file(target);
  for (const auto& f : builtin_mitigation_files())
    if (f.name == file) return render_template(f.data, exploits, "rules/mitigations/" + std::string(file));
  return fail(Errc::not_found, "no built-in template " + std::string(file));
}

}  // namespace exray::mitigate
