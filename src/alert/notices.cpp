// SPDX-License-Identifier: Apache-2.0
// Which hosts each owner must hear about: affected now, or no longer affected since the last
// notice said they were; with `all`, every affected host whatever was said before.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "exray/alert/alert.hpp"
#include "exray/netscan/address.hpp"

namespace exray::alert {
namespace {

using inventory::HostKey;

constexpr std::string_view kResolved = "resolved";

bool serious(const store::FindingRow& f) { return f.severity == "high" || f.severity == "critical"; }

// What the notice says about a host, as one comparable line: build, open advisories, findings.
std::string state_of(const HostNotice& h) {
  std::vector<std::string> parts;
  for (const auto& o : h.open) parts.push_back(o.advisory + ":" + o.state);
  std::set<std::string> ids;
  for (const auto& f : h.findings) ids.insert(f.id);
  return fmt::format("{} [{}] [{}]", h.build.empty() ? "-" : h.build, fmt::join(parts, ","), fmt::join(ids, ","));
}

std::string key_text(const HostKey& k) { return fmt::format("{}|{}|{}", k.address, k.port, k.name); }

}  // namespace

std::string_view to_string(Change change) noexcept {
  switch (change) {
    case Change::added:
      return "new";
    case Change::changed:
      return "changed";
    case Change::unchanged:
      return "unchanged";
    case Change::resolved:
      return "resolved";
  }
  return "?";
}

Result<Alerts> prepare(const store::Store& store, const Owners& owners, bool all) {
  auto histories = inventory::histories(store);
  if (!histories) return std::unexpected(histories.error());
  auto findings = store.findings();
  if (!findings) return std::unexpected(findings.error());
  auto told = store.notices();
  if (!told) return std::unexpected(told.error());

  // Every host's latest state, keyed, with the hunt findings that name it.
  std::map<std::string, HostNotice> now;
  for (const auto& h : *histories) {
    const auto& latest = h.sightings.back();
    HostNotice n{h.key, Change::added, latest.build, latest.cu, latest.observed, {}, {}, {}};
    if (latest.status == "exchange") {
      for (const auto& [advisory, state] : latest.advisories) {
        if (inventory::exposure_of(state.state) != inventory::Exposure::vulnerable) continue;
        std::string since = latest.observed;
        for (auto s = h.sightings.rbegin(); s != h.sightings.rend(); ++s) {
          const auto it = s->advisories.find(advisory);
          if (it == s->advisories.end() || inventory::exposure_of(it->second.state) != inventory::Exposure::vulnerable)
            break;
          since = s->observed;
        }
        n.open.push_back(OpenAdvisory{advisory, state.state, state.install, state.upgrade_to, since});
      }
    }
    now.emplace(key_text(h.key), std::move(n));
  }
  for (auto& f : *findings) {
    if (!serious(f)) continue;
    // A finding names its host by address (it joins that address's scanned hosts) or by name.
    bool joined = false;
    if (netscan::parse_address(f.host))
      for (auto& [_, n] : now)
        if (n.host.address == f.host) n.findings.push_back(f), joined = true;
    if (!joined) {
      HostKey key{netscan::parse_address(f.host) ? f.host : "", 0, netscan::parse_address(f.host) ? "" : f.host};
      auto& n =
          now.try_emplace(key_text(key), HostNotice{key, Change::added, {}, {}, f.observed, {}, {}, {}}).first->second;
      n.findings.push_back(f);
    }
  }

  std::map<std::pair<std::string, std::string>, const store::NoticeRow*> last;  // (owner, host) → row
  std::map<std::string, std::string> last_sent;                                 // owner → newest
  for (const auto& row : *told) {
    last[{row.owner, key_text(HostKey{row.address, row.port, row.name})}] = &row;
    last_sent[row.owner] = std::max(last_sent[row.owner], row.sent);
  }

  Alerts out;
  std::map<std::string, Notice> by_owner;
  for (auto& [key, n] : now) {
    const bool affected = !n.open.empty() || !n.findings.empty();
    const Owner* owner = owners.owner_of(n.host.address, {n.host.name});
    if (owner == nullptr) {
      if (affected) out.unowned.push_back(n.host);
      continue;
    }
    n.state = affected ? state_of(n) : std::string(kResolved);
    const auto it = last.find({owner->organisation, key});
    const bool told_before = it != last.end();
    if (!affected) {
      if (!told_before || it->second->state == kResolved) continue;  // nothing to say
      n.change = Change::resolved;
    } else if (!told_before || it->second->state == kResolved) {
      n.change = Change::added;
    } else if (it->second->state != n.state) {
      n.change = Change::changed;
    } else if (all) {
      n.change = Change::unchanged;
    } else {
      continue;
    }
    auto& notice = by_owner[owner->organisation];
    notice.owner = *owner;
    notice.since_last = last_sent.contains(owner->organisation) ? last_sent[owner->organisation] : "";
    notice.hosts.push_back(std::move(n));
  }
  for (const auto& owner : owners.all())
    if (auto it = by_owner.find(owner.organisation); it != by_owner.end()) out.notices.push_back(std::move(it->second));
  return out;
}

Result<void> record(store::Store& store, const Alerts& alerts, const std::string& sent) {
  std::vector<store::NoticeRow> rows;
  for (const auto& notice : alerts.notices)
    for (const auto& h : notice.hosts)
      rows.push_back(
          store::NoticeRow{notice.owner.organisation, h.host.address, h.host.port, h.host.name, h.state, sent});
  return store.record_notices(rows);
}

}  // namespace exray::alert
