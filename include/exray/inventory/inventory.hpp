// SPDX-License-Identifier: Apache-2.0
// exray inventory: what the store's scans and hunts say about the fleet over a period.
//
// Every host's sightings (one per scan that reached it) are folded, oldest first, into the
// questions a CERT asks: how many Exchange servers are exposed now, which are unpatched for
// each advisory and on which CU, which are new, which changed since they were last seen
// (patched, or worse), and which have stayed open since the first time they were seen (the
// "third alert" view). `exray report`, `exray alert` and the dashboard all read this one model.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/inventory/timeline.hpp"
#include "exray/store/store.hpp"

namespace exray::inventory {

// A verdict state ("su-missing", "no-fix", …) as the one thing a report counts.
enum class Exposure : std::uint8_t { vulnerable, unknown, patched, not_applicable };
[[nodiscard]] Exposure exposure_of(std::string_view state) noexcept;

struct HostKey {
  std::string address;
  std::uint16_t port = 0;
  std::string name;
  auto operator<=>(const HostKey&) const = default;
  [[nodiscard]] std::string label() const;  // "name (address:port)" or "address:port"
};

struct AdvisoryState {
  std::string state, install, upgrade_to;
};

// One scan's view of one host.
struct Sighting {
  std::string run, observed;  // the run's id and start time
  std::string status, error, build, product, release, cu;
  std::map<std::string, AdvisoryState> advisories;  // advisory id → verdict
};

struct HostHistory {
  HostKey key;
  std::vector<Sighting> sightings;  // oldest first
};

// Inclusive bounds on a run's start, as ISO 8601 dates or instants; empty is open.
struct Period {
  std::string since, until;
};

struct AdvisoryCount {
  std::string advisory;
  std::uint64_t vulnerable = 0, unknown = 0, patched = 0;
};

// Exchange servers per CU (the security update is what the advisories count).
struct ReleaseCount {
  std::string product, cu;
  std::uint64_t hosts = 0, vulnerable = 0;  // vulnerable: to at least one advisory
};

// A host that changed between its last two sightings.
struct Change {
  HostKey host;
  std::string before, after;  // the two runs' start times
  std::string from_build, to_build;
  std::vector<std::string> closed, opened;  // advisories that became patched / vulnerable
};

// An advisory a host is still open to, and since when without a break.
struct OpenExposure {
  HostKey host;
  std::string advisory, state, since, build, install, upgrade_to;
  std::uint64_t scans = 0;  // consecutive sightings it has been open
};

// One scan's view of the fleet, for a trend over the period's scans.
struct TrendPoint {
  std::string run, started;
  std::uint64_t reached = 0;   // hosts that answered (Run::hosts counts every target recorded)
  std::uint64_t exchange = 0;  // … as Exchange servers
  // advisory → Exchange servers the scan found vulnerable to it; every advisory any of the
  // period's scans judged is listed, with 0 where this one found none.
  std::map<std::string, std::uint64_t> vulnerable;
};

struct Report {
  Period period;
  std::vector<store::Run> runs;  // started within the period
  std::uint64_t hosts = 0;       // hosts with a sighting in the period
  std::uint64_t exchange = 0;    // … whose latest sighting is an Exchange server
  std::vector<AdvisoryCount> advisories;
  std::vector<ReleaseCount> releases;
  std::vector<HostKey> newly_seen;  // first sighting ever falls in the period
  std::vector<Change> changes;
  std::vector<OpenExposure> still_open;                            // longest open first
  std::map<std::string, std::vector<store::FindingRow>> findings;  // by host, hunts in the period
  std::map<std::string, HostTimeline> timelines;                   // compromised hosts, from those findings
  std::vector<TrendPoint> trend;  // each scan (every run but hunts) in the period, oldest first
};

// Whether an instant (a run's start) falls in the period; a date bound covers its whole day.
[[nodiscard]] bool in_period(std::string_view instant, const Period& period);

// A host with a sighting in the period: its sightings up to the period's end, oldest first; the
// last one, inside the period, is the host as the period leaves it (what `exray export` writes).
struct HostState {
  HostKey key;
  std::vector<Sighting> sightings;
  [[nodiscard]] const Sighting& latest() const { return sightings.back(); }
};

[[nodiscard]] Result<std::vector<HostHistory>> histories(const store::Store& store);
[[nodiscard]] Result<std::vector<HostState>> host_states(const store::Store& store, const Period& period);
[[nodiscard]] Result<Report> build_report(const store::Store& store, const Period& period);

}  // namespace exray::inventory
