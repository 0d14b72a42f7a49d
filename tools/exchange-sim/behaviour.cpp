// SPDX-License-Identifier: Apache-2.0
#include "behaviour.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "exray/kb/knowledge_base.hpp"
#include "exray/kb/verdict.hpp"
#include "hash.hpp"

namespace exsim {

namespace kb = exray::kb;

std::string_view to_string(Behaviour b) noexcept {
  switch (b) {
    case Behaviour::rejects:
      return "rejects";
    case Behaviour::nginx:
      return "nginx";
    case Behaviour::iis:
      return "iis";
    case Behaviour::catch_all:
      return "catch-all";
    case Behaviour::exchange:
      return "exchange";
    case Behaviour::silent:
      return "silent";
    case Behaviour::bad_tls:
      return "bad-tls";
    case Behaviour::slow_drip:
      return "slow-drip";
    case Behaviour::reset_mid_response:
      return "reset-mid-response";
    case Behaviour::garbage:
      return "garbage";
    case Behaviour::huge_headers:
      return "huge-headers";
    case Behaviour::hangs_up:
      return "hangs-up";
  }
  return "?";
}

std::string_view expected_error(Behaviour b) noexcept {
  switch (b) {
    case Behaviour::rejects:
      return "reset";
    case Behaviour::silent:
      return "timeout";
    case Behaviour::bad_tls:
      return "tls";
    case Behaviour::slow_drip:
      return "timeout";
    case Behaviour::reset_mid_response:
      return "reset";
    case Behaviour::garbage:
      return "not-http";
    case Behaviour::huge_headers:
      return "too-large";
    case Behaviour::hangs_up:
      return "closed";
    case Behaviour::nginx:
    case Behaviour::iis:
    case Behaviour::catch_all:
    case Behaviour::exchange:
      return {};
  }
  return {};
}

bool is_web_server(Behaviour b) noexcept {
  return b == Behaviour::nginx || b == Behaviour::iis || b == Behaviour::catch_all || b == Behaviour::exchange;
}

bool speaks_tls(Behaviour b) noexcept {
  return b != Behaviour::rejects && b != Behaviour::silent && b != Behaviour::bad_tls;
}

std::vector<std::string> cert_names(CertKind kind, unsigned org) {
  if (kind == CertKind::www) return {fmt::format("www.org{}.example", org)};
  return {fmt::format("mail.org{}.example", org), fmt::format("autodiscover.org{}.example", org)};
}

namespace {

// One salt per decision (see hash.hpp).
enum Salt : std::uint64_t {
  kSaltBehaviour = 1,
  kSaltWebKind,
  kSaltMisbehaviour,
  kSaltOrg,
  kSaltRelease,
  kSaltUnlisted,
  kSaltOwaVersion,
  kSaltExporttool,
  kSaltOwaPath,
  kSaltMitigated,
  kSaltFeServer,
  kSaltPatched,
};

constexpr std::array kMisbehaviours = {
    Behaviour::silent,  Behaviour::bad_tls,      Behaviour::slow_drip, Behaviour::reset_mid_response,
    Behaviour::garbage, Behaviour::huge_headers, Behaviour::hangs_up};
constexpr std::array kWebServers = {Behaviour::nginx, Behaviour::iis, Behaviour::catch_all};

// A build the scanner cannot decide is one the server treats as patched: the truth must say
// what the server answers, not what the knowledge base suspects.
BuildChoice choose(const kb::KnowledgeBase& base, const kb::Build& build) {
  BuildChoice c;
  c.full = build.to_string();
  c.branch = build.branch().to_string();
  c.listed = base.find(build) != nullptr;
  const auto assessment = kb::assess(base, build);
  if (!assessment) return c;
  for (const auto& v : assessment->verdicts) {
    if (v.advisory == nullptr) continue;
    if (v.advisory->id == "proxylogon") c.proxylogon_vulnerable = kb::is_vulnerable(v.state);
    if (v.advisory->id == "april-2021") c.proxyshell_vulnerable = kb::is_vulnerable(v.state);
  }
  return c;
}

// "Mar21SU", "Nov24SUv2"; not a hotfix update ("Apr24HU") nor a CU.
bool is_security_update(const kb::Release& r) noexcept {
  return r.update.size() >= 7 && r.update.compare(5, 2, "SU") == 0;
}

// The newest security update of `build`'s CU, if one is newer than `build`.
const kb::Release* newer_security_update(const kb::KnowledgeBase& base, const kb::Build& build) {
  const kb::Release* newest = nullptr;
  for (const auto& r : base.releases())
    if (r.build.same_branch(build) && r.build > build && is_security_update(r)) newest = &r;  // sorted by build
  return newest;
}

}  // namespace

std::expected<Fleet, std::string> Fleet::create(std::uint64_t seed, std::uint64_t epoch) {
  auto base = kb::KnowledgeBase::builtin();
  if (!base) return std::unexpected("the built-in knowledge base does not load: " + base.error().to_string());
  Fleet fleet(seed, epoch >= 1);
  constexpr std::array<std::string_view, 3> kProducts = {"Exchange 2013", "Exchange 2016", "Exchange 2019"};
  for (const auto& r : base->releases()) {
    if (r.build.part[0] != 15 || !r.build.exact()) continue;
    if (std::find(kProducts.begin(), kProducts.end(), r.product) == kProducts.end()) continue;
    fleet.listed_.push_back(choose(*base, r.build));
    kb::Build next = r.build;
    ++next.part[3];
    fleet.unlisted_.push_back(base->find(next) == nullptr ? choose(*base, next) : fleet.listed_.back());
    const auto* update = newer_security_update(*base, r.build);
    fleet.updates_.push_back(update != nullptr ? std::optional(choose(*base, update->build)) : std::nullopt);
  }
  if (fleet.listed_.empty())
    return std::unexpected(std::string("the knowledge base has no Exchange 2013-2019 release"));
  return fleet;
}

Host Fleet::host(const Address& address) const noexcept {
  Host h;
  h.address = address;
  h.key = mix64(address.key() ^ mix64(seed_ ^ 0x45584348'53494D00ULL));
  h.org = static_cast<unsigned>(draw_below(h.key, kSaltOrg, kOrgs));
  const auto roll = draw_below(h.key, kSaltBehaviour, 1000);
  if (roll < 200) {
    h.behaviour = Behaviour::rejects;
  } else if (roll < 300) {
    h.behaviour = kWebServers[draw_below(h.key, kSaltWebKind, kWebServers.size())];
  } else if (roll < 900) {
    h.behaviour = Behaviour::exchange;
    const auto index = draw_below(h.key, kSaltRelease, listed_.size());
    auto& e = h.exchange;
    e.build = draw_below(h.key, kSaltUnlisted, 100) < 10 ? &unlisted_[index] : &listed_[index];
    // A draw of its own, so that epoch 0 is the fleet it always was.
    if (patched_ && updates_[index] && draw_below(h.key, kSaltPatched, 3) == 0) e.build = &*updates_[index];
    e.x_owa_version = draw_below(h.key, kSaltOwaVersion, 100) < 50;
    e.exporttool = draw_below(h.key, kSaltExporttool, 100) < 60;
    e.owa_path = draw_below(h.key, kSaltOwaPath, 100) < 90;
    e.mitigated = draw_below(h.key, kSaltMitigated, 100) < 20;
    e.fe_server = 1 + static_cast<unsigned>(draw_below(h.key, kSaltFeServer, 40));
  } else {
    h.behaviour = kMisbehaviours[draw_below(h.key, kSaltMisbehaviour, kMisbehaviours.size())];
  }
  return h;
}

}  // namespace exsim
