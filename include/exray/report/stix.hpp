// SPDX-License-Identifier: Apache-2.0
// exray report: a STIX 2.1 bundle of what the store holds, and the small pieces STIX needs.
//
// Hunt findings become indicators (a file's SHA-256, a request path an attack used) with one
// sighting per host that showed them; scanned hosts open to a CVE become sightings of that
// vulnerability. Each host is an identity of class "system" (where a sighting was seen); the
// producer is an identity too, named by --org. Every id is a UUIDv5 of what the object stands
// for and every timestamp comes from the data, so one store always gives one bundle, byte for
// byte, and a platform that imports it twice merges rather than duplicates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exray/inventory/inventory.hpp"
#include "exray/store/store.hpp"

namespace exray::report {

// "type--<UUIDv5 of name in exray's namespace>": the same name always gives the same id.
[[nodiscard]] std::string stix_id(std::string_view type, std::string_view name);
// A value quoted for a STIX pattern: ' and \ escaped, so a hostile path cannot end the string.
[[nodiscard]] std::string stix_pattern_string(std::string_view value);
// An ISO 8601 UTC instant as STIX wants it, to the millisecond ("2021-03-02T10:04:05.123Z");
// empty for text that is not an instant.
[[nodiscard]] std::string stix_timestamp(std::string_view iso);

struct StixInput {
  std::vector<inventory::HostState> hosts;       // empty when exporting findings
  std::vector<store::FindingRow> findings;       // empty when exporting hosts
  std::vector<store::Observation> observations;  // where the CVEs of each advisory are read
  std::string organisation;
};

// The bundle as one JSON document (pretty-printed, ending in a newline).
[[nodiscard]] std::string stix_bundle(const StixInput& input);

}  // namespace exray::report
