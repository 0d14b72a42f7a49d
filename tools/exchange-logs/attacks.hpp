// SPDX-License-Identifier: Apache-2.0
// Planted lines: attack rows that rules must find, and near-misses that must match no rule.
//
// Each template knows which log it belongs in and returns the ids of every rule its line
// matches, overlaps included (a ResetOABVirtualDirectory row through the SSRF is both
// proxylogon-ecp-reset-vdir and proxylogon-ssrf), so the ground truth is exact.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rng.hpp"
#include "traffic.hpp"

namespace exlogs {

// Which files a template's line can go in.
enum class Target {
  httpproxy,      // any HttpProxy file of the template's protocols
  httpproxy_new,  // same, but only files with the full column set (UrlQuery, GenericInfo)
  ecp_server,
  oab_generator,
  iis
};

struct Hits {
  std::array<std::string_view, 4> rules{};
  std::size_t count = 0;
  void add(std::string_view rule) { rules[count++] = rule; }
};

struct PlantCtx {
  Rng& rng;
  const Population& pop;
  std::int64_t ms;   // the time of the row
  std::string& big;  // storage for a value too large for the row arena (the long-line plant)
};

struct Template {
  std::string_view label;
  Target target;
  std::span<const Protocol> protocols;  // HttpProxy targets: where such a request is logged
  std::string_view near_miss_of;        // near-misses: the rule it imitates; empty for attacks
  // Exactly one of these is set, by target: HttpProxy and IIS templates override values of a
  // benign row, ECP and OAB ones write the whole line (without its end).
  Hits (*proxy)(PlantCtx&, ProxyRow&) = nullptr;
  Hits (*iis)(PlantCtx&, IisRow&) = nullptr;
  Hits (*text)(PlantCtx&, std::string&) = nullptr;
};

std::span<const Template> attack_templates();
std::span<const Template> near_miss_templates();
// An SSRF row whose GenericInfo is ~200 KB (exercises long lines); planted when --size >= 100M.
const Template& long_line_template();

// Files for the path rules: relative path, rule it matches ("" for near-misses), and the rule a
// near-miss imitates.
struct PathPlant {
  std::string rel;
  std::string_view rule;
  std::string_view near_miss_of;
};
std::vector<PathPlant> path_plants(Rng& rng);

// The IIS part of the catalogue (attacks_iis.cpp), merged into the lists above.
std::span<const Template> iis_attack_templates();
std::span<const Template> iis_near_miss_templates();

}  // namespace exlogs
