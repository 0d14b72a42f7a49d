// SPDX-License-Identifier: Apache-2.0
// The STIX 2.1 bundle: identities, indicators, vulnerabilities, relationships and sightings.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "exray/report/stix.hpp"
#include "json.hpp"

namespace exray::report {
namespace {

// A platform's importer must accept any of our bundles: spec 2.1 caps `count` here.
constexpr std::uint64_t kMaxCount = 999'999'999;
// For a store with no time in it at all (no runs): still a valid, reproducible timestamp.
constexpr const char* kNoTime = "1970-01-01T00:00:00.000Z";

std::string earlier(const std::string& a, const std::string& b) { return a.empty() || (!b.empty() && b < a) ? b : a; }
std::string later(const std::string& a, const std::string& b) { return b > a ? b : a; }

// The name an id is derived from: a JSON array, so no two different tuples can share one.
// (Text from the store is valid UTF-8, as the JSON it came in; replacing is for safety only.)
std::string key_of(const Json& parts) { return parts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }
template <typename... T>
std::string key(const T&... parts) {
  return key_of(Json::array({Json(parts)...}));
}

class Bundle {
 public:
  // The object with this id, created at its first call; later calls move `created` earlier,
  // so an object's time is the first the data shows of it, whatever order it is met in.
  Json& object(const std::string& type, const std::string& name, const std::string& created) {
    const auto id = stix_id(type, name);
    const auto when = created.empty() ? std::string(kNoTime) : created;
    if (!producer_.empty()) first_ = earlier(first_, when);
    auto [it, added] = objects_.try_emplace(id);
    Json& o = it->second;
    if (added) {
      o = Json{{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"created", when}, {"modified", when}};
      if (!producer_.empty()) o["created_by_ref"] = producer_;
    } else if (when < o["created"].get<std::string>()) {
      o["created"] = when;
      o["modified"] = when;
    }
    return o;
  }

  // The producer comes first so every later object can name it as its creator.
  void set_producer(const std::string& organisation) {
    const auto name = organisation.empty() ? std::string("exray") : organisation;
    auto& p = object("identity", key("producer", name), kNoTime);
    p["name"] = name;
    p["identity_class"] = organisation.empty() ? "system" : "organization";
    p["description"] = "Hosts and findings exported by exray from its store";
    producer_ = p["id"].get<std::string>();
  }

  [[nodiscard]] std::string dump() {
    // The producer existed as soon as anything it reports on did.
    if (auto it = objects_.find(producer_); it != objects_.end() && !first_.empty())
      it->second["created"] = it->second["modified"] = first_;
    std::vector<const Json*> sorted;
    for (const auto& [_, o] : objects_) sorted.push_back(&o);
    // Creators and targets before what refers to them, then by id: a fixed order for fixed bytes.
    std::ranges::stable_sort(sorted, [](const Json* a, const Json* b) { return rank(*a) < rank(*b); });
    Json objects = Json::array();
    std::string ids;
    for (const auto* o : sorted) {
      objects.push_back(*o);
      ids += (*o)["id"].get<std::string>();
    }
    const Json bundle{{"type", "bundle"}, {"id", stix_id("bundle", ids)}, {"objects", objects}};
    return bundle.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }

 private:
  static int rank(const Json& o) {
    static const std::map<std::string, int> order{
        {"identity", 0}, {"vulnerability", 1}, {"indicator", 2}, {"relationship", 3}, {"sighting", 4}};
    const auto it = order.find(o["type"].get<std::string>());
    return it == order.end() ? 5 : it->second;
  }

  std::map<std::string, Json> objects_;  // by id
  std::string producer_, first_;
};

const Json& field(const Json& record, const char* a, const char* b = nullptr, const char* c = nullptr) {
  static const Json none;
  const Json* at = &record;
  for (const char* k : {a, b, c}) {
    if (k == nullptr) break;
    if (!at->is_object() || !at->contains(k)) return none;
    at = &(*at)[k];
  }
  return *at;
}

std::string text(const Json& value) { return value.is_string() ? value.get<std::string>() : std::string(); }

// A field's strings: a name given more than once holds an array of them.
std::vector<std::string> texts(const Json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// A CVE's vulnerability object: the id is the CVE, so every export names it the same way.
Json& vulnerability(Bundle& bundle, const std::string& cve, const std::string& created) {
  auto& v = bundle.object("vulnerability", key("cve", cve), created);
  v["name"] = cve;
  v["external_references"] = Json::array({Json{{"source_name", "cve"}, {"external_id", cve}}});
  return v;
}

std::string host_identity(Bundle& bundle, const Json& name_parts, const std::string& label,
                          const std::string& created) {
  auto& h = bundle.object("identity", key_of(name_parts), created);
  h["name"] = label;
  h["identity_class"] = "system";
  return h["id"].get<std::string>();
}

// How often, and between when, something was seen at one host.
struct Seen {
  std::uint64_t count = 0;
  std::string first, last, created;
  void add(const std::string& when, const std::string& observed) {
    ++count;
    first = earlier(first, when);
    last = later(last, when);
    created = earlier(created, observed);
  }
};

void add_sighting(Bundle& bundle, const std::string& of, const std::string& where, const Seen& seen,
                  const std::string& description) {
  auto& s = bundle.object("sighting", key(of, where), seen.created);
  s["sighting_of_ref"] = of;
  s["count"] = std::min(seen.count, kMaxCount);
  s["first_seen"] = seen.first;
  s["last_seen"] = seen.last;
  if (!where.empty()) s["where_sighted_refs"] = Json::array({where});
  if (!description.empty()) s["description"] = description;
}

struct IndicatorSeen {
  std::string name, pattern;
  bool malicious = false;
  Seen all;
  std::set<std::string> rules, cves;
  std::map<std::string, Seen> at;  // host identity id ("" when the hunt named none) → sightings
};

// What a finding points at that another organisation could look for: the file's SHA-256, and
// the request path an attack sent (IIS `uri`, HttpProxy `UrlStem`).
std::vector<std::pair<std::string, std::string>> indicators_of(const Json& record) {
  std::vector<std::pair<std::string, std::string>> out;  // name, pattern
  const auto& fields = field(record, "evidence", "fields");
  for (const auto& sha256 : texts(field(fields, "sha256"))) {
    auto subject = text(field(record, "subject"));
    const auto slash = subject.find_last_of("/\\");
    if (slash != std::string::npos) subject = subject.substr(slash + 1);
    out.emplace_back("File " + subject, "[file:hashes.'SHA-256' = " + stix_pattern_string(sha256) + "]");
  }
  for (const char* name : {"uri", "UrlStem"})
    for (const auto& path : texts(field(fields, name)))
      out.emplace_back("Request " + path, "[network-traffic:extensions.'http-request-ext'.request_value = " +
                                              stix_pattern_string(path) + "]");
  return out;
}

void add_findings(Bundle& bundle, const std::vector<store::FindingRow>& findings) {
  std::map<std::string, IndicatorSeen> indicators;  // by pattern
  for (const auto& row : findings) {
    const Json record = Json::parse(row.record, nullptr, false);
    if (record.is_discarded()) continue;
    auto observed = stix_timestamp(text(field(record, "time", "observed")));
    if (observed.empty()) observed = stix_timestamp(row.observed);
    auto when = stix_timestamp(text(field(record, "time", "event")));
    if (when.empty()) when = observed;
    const auto address = text(field(record, "host", "address"));
    const auto name = text(field(record, "host", "name"));
    std::string host;
    if (!address.empty() || !name.empty()) {
      const auto label = address.empty() ? name : name.empty() ? address : name + " (" + address + ")";
      host = host_identity(bundle, Json::array({"hunted-host", address, name}), label, observed);
    }
    const auto kind = text(field(record, "kind"));
    for (const auto& [indicator_name, pattern] : indicators_of(record)) {
      auto& seen = indicators[pattern];
      if (seen.pattern.empty()) seen = IndicatorSeen{indicator_name, pattern, false, {}, {}, {}, {}};
      seen.malicious = seen.malicious || kind == "exploitation" || kind == "webshell" || kind == "ransomware";
      seen.all.add(when, observed);
      seen.at[host].add(when, observed);
      seen.rules.insert(text(field(record, "rule", "id")));
      for (const auto& cve : texts(field(record, "cves"))) seen.cves.insert(cve);
    }
  }
  for (const auto& [pattern, seen] : indicators) {
    auto& i = bundle.object("indicator", key("pattern", pattern), seen.all.created);
    const auto id = i["id"].get<std::string>();
    i["name"] = seen.name;
    std::string rules;
    for (const auto& r : seen.rules) rules += (rules.empty() ? "" : ", ") + r;
    i["description"] = "Reported by exray rules: " + rules;
    i["indicator_types"] = Json::array({seen.malicious ? "malicious-activity" : "anomalous-activity"});
    i["pattern"] = pattern;
    i["pattern_type"] = "stix";
    i["valid_from"] = seen.all.first;
    for (const auto& cve : seen.cves) {
      const auto target = vulnerability(bundle, cve, seen.all.created)["id"].get<std::string>();
      // The spec names no indicator-to-vulnerability relationship; related-to is its general one.
      auto& r = bundle.object("relationship", key(id, "related-to", target), seen.all.created);
      r["relationship_type"] = "related-to";
      r["source_ref"] = id;
      r["target_ref"] = target;
    }
    for (const auto& [host, at] : seen.at) add_sighting(bundle, id, host, at, {});
  }
}

// advisory id → its CVEs, from the host records the scans stored (each verdict lists them).
std::map<std::string, std::set<std::string>> advisory_cves(const std::vector<store::Observation>& observations) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& o : observations) {
    const Json record = Json::parse(o.record, nullptr, false);
    const auto& verdicts = field(record, "verdicts");
    if (!verdicts.is_array()) continue;
    for (const auto& v : verdicts)
      for (const auto& cve : texts(field(v, "cves"))) out[text(field(v, "advisory"))].insert(cve);
  }
  return out;
}

void add_hosts(Bundle& bundle, const std::vector<inventory::HostState>& hosts,
               const std::vector<store::Observation>& observations) {
  const auto cves = advisory_cves(observations);
  for (const auto& h : hosts) {
    const auto& latest = h.latest();
    const auto first = stix_timestamp(h.sightings.front().observed);
    // Only hosts open to something: a bundle carries threats and exposures, not the inventory.
    std::string host;
    for (const auto& [advisory, state] : latest.advisories) {
      if (inventory::exposure_of(state.state) != inventory::Exposure::vulnerable) continue;
      const auto it = cves.find(advisory);
      if (it == cves.end()) continue;
      Seen seen;
      for (const auto& s : h.sightings) {
        const auto at = s.advisories.find(advisory);
        if (at != s.advisories.end() && inventory::exposure_of(at->second.state) == inventory::Exposure::vulnerable)
          seen.add(stix_timestamp(s.observed), stix_timestamp(s.observed));
      }
      const auto what = advisory + " " + state.state + (latest.build.empty() ? "" : " on " + latest.build) +
                        (state.install.empty() ? "" : "; install " + state.install) +
                        (state.upgrade_to.empty() ? "" : "; upgrade to " + state.upgrade_to + " first");
      if (host.empty())
        host = host_identity(bundle, Json::array({"scanned-host", h.key.address, h.key.port, h.key.name}),
                             h.key.label(), first);
      for (const auto& cve : it->second)
        add_sighting(bundle, vulnerability(bundle, cve, seen.created)["id"].get<std::string>(), host, seen, what);
    }
  }
}

}  // namespace

std::string stix_bundle(const StixInput& input) {
  Bundle bundle;
  bundle.set_producer(input.organisation);
  add_hosts(bundle, input.hosts, input.observations);
  add_findings(bundle, input.findings);
  return bundle.dump();
}

}  // namespace exray::report
