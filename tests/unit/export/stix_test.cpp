// SPDX-License-Identifier: Apache-2.0
// The STIX 2.1 bundle: valid structure (required properties, id format, every reference
// resolves), hostile values escaped in patterns, and ids and times that come from the data.
#include "exray/report/stix.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "export_fixture.hpp"

namespace exray::report::testing {
namespace {

const std::regex kUuid5{"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"};
const std::regex kTimestamp{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"};

// What STIX 2.1 requires of each object type we write (besides the common properties).
const std::map<std::string, std::vector<std::string>> kRequired{
    {"identity", {"name"}},
    {"indicator", {"pattern", "pattern_type", "valid_from"}},
    {"vulnerability", {"name"}},
    {"relationship", {"relationship_type", "source_ref", "target_ref"}},
    {"sighting", {"sighting_of_ref"}},
};

void expect_valid_id(const Json& id, const std::string& type) {
  ASSERT_TRUE(id.is_string());
  const auto text = id.get<std::string>();
  ASSERT_TRUE(text.starts_with(type + "--")) << text;
  EXPECT_TRUE(std::regex_match(text.substr(type.size() + 2), kUuid5)) << text;
}

// Every *_ref and *_refs property, anywhere in the object.
void collect_refs(const Json& value, std::vector<std::string>& out) {
  if (!value.is_object()) return;
  for (const auto& [k, v] : value.items()) {
    if (k.ends_with("_ref") && v.is_string()) out.push_back(v.get<std::string>());
    if (k.ends_with("_refs") && v.is_array())
      for (const auto& r : v) out.push_back(r.get<std::string>());
  }
}

// Checks the bundle and returns its objects by id.
std::map<std::string, Json> check_bundle(const std::string& text) {
  const Json bundle = Json::parse(text);
  EXPECT_EQ(bundle["type"], "bundle");
  expect_valid_id(bundle["id"], "bundle");
  std::map<std::string, Json> by_id;
  std::vector<std::string> refs;
  for (const auto& o : bundle["objects"]) {
    const auto type = o["type"].get<std::string>();
    EXPECT_EQ(o["spec_version"], "2.1") << o;
    expect_valid_id(o["id"], type);
    for (const char* t : {"created", "modified"})
      EXPECT_TRUE(std::regex_match(o.value(t, std::string()), kTimestamp)) << t << " in " << o;
    EXPECT_GE(o["modified"].get<std::string>(), o["created"].get<std::string>());
    EXPECT_TRUE(kRequired.contains(type)) << type;
    if (kRequired.contains(type)) {
      for (const auto& p : kRequired.at(type)) {
        EXPECT_TRUE(o.contains(p)) << p << " missing in " << o;
      }
    }
    if (type == "sighting") {
      EXPECT_GE(o["count"].get<std::uint64_t>(), 1U);
      EXPECT_GE(o["last_seen"].get<std::string>(), o["first_seen"].get<std::string>());
    }
    if (type == "identity") {
      EXPECT_TRUE(o["identity_class"] == "system" || o["identity_class"] == "organization");
    }
    EXPECT_TRUE(by_id.emplace(o["id"].get<std::string>(), o).second) << "two objects share " << o["id"];
    collect_refs(o, refs);
  }
  for (const auto& r : refs) EXPECT_TRUE(by_id.contains(r)) << r << " is not in the bundle";
  return by_id;
}

std::vector<Json> of_type(const std::map<std::string, Json>& objects, const std::string& type) {
  std::vector<Json> out;
  for (const auto& [_, o] : objects)
    if (o["type"] == type) out.push_back(o);
  return out;
}

TEST(StixPieces, IdsAreUuidV5OfTheNameInExraysNamespace) {
  // Pinned: python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('2d921ebf-6a22-48ba-bd2b-c3c3cba22452'),
  //                     '[\"cve\",\"CVE-2021-26855\"]'))"
  EXPECT_EQ(stix_id("vulnerability", R"(["cve","CVE-2021-26855"])"),
            "vulnerability--82e349ac-64c8-5fc7-9eed-7a19462be2e6");
  EXPECT_NE(stix_id("indicator", "a"), stix_id("indicator", "b"));
}

TEST(StixPieces, PatternStringsEscapeQuoteAndBackslash) {
  EXPECT_EQ(stix_pattern_string("plain"), "'plain'");
  EXPECT_EQ(stix_pattern_string(R"(it's C:\x\')"), R"('it\'s C:\\x\\\'')");
}

TEST(StixPieces, TimestampsAreMillisecondsInUtc) {
  EXPECT_EQ(stix_timestamp("2021-03-05T10:00:00Z"), "2021-03-05T10:00:00.000Z");
  EXPECT_EQ(stix_timestamp("2021-03-03T04:57:08.123456Z"), "2021-03-03T04:57:08.123Z");
  EXPECT_EQ(stix_timestamp("2021-03-03 04:57:08"), "2021-03-03T04:57:08.000Z");
  EXPECT_EQ(stix_timestamp("yesterday"), "");
}

TEST(StixPieces, AnEmptyStoreIsABundleWithItsProducerOnly) {
  const auto objects = check_bundle(stix_bundle(StixInput{}));
  ASSERT_EQ(objects.size(), 1U);
  EXPECT_EQ(objects.begin()->second["name"], "exray");
  EXPECT_EQ(objects.begin()->second["created"], "1970-01-01T00:00:00.000Z");
}

TEST_F(ExportTest, FindingsBecomeIndicatorsSightedAtTheirHost) {
  const auto objects = check_bundle(exported(ExportWhat::findings, ExportFormat::stix, {}, "CERT \"Example\""));
  const auto indicators = of_type(objects, "indicator");
  ASSERT_EQ(indicators.size(), 2U);
  std::set<std::string> patterns;
  for (const auto& i : indicators) patterns.insert(i["pattern"].get<std::string>());
  EXPECT_TRUE(patterns.contains("[file:hashes.'SHA-256' = '" + std::string(64, 'a') + "']"));
  // The request's ' and \ are escaped: the pattern's string ends where the request does.
  EXPECT_TRUE(patterns.contains(R"([network-traffic:extensions.'http-request-ext'.request_value = )"
                                R"('/ecp/y.js?x=1\' OR \'1\'=\'1\\'])"))
      << *patterns.begin();
  for (const auto& i : indicators) {
    EXPECT_EQ(i["pattern_type"], "stix");
    EXPECT_EQ(i["valid_from"], "2021-03-03T04:57:08.123Z");  // the event, not the hunt
    EXPECT_EQ(i["created"], "2021-03-06T09:00:00.500Z");
    EXPECT_EQ(i["indicator_types"], Json::array({"malicious-activity"}));
  }

  const auto sightings = of_type(objects, "sighting");
  ASSERT_EQ(sightings.size(), 2U);
  for (const auto& s : sightings) {
    EXPECT_EQ(s["count"], 1);
    ASSERT_EQ(s["where_sighted_refs"].size(), 1U);
    const auto& host = objects.at(s["where_sighted_refs"][0].get<std::string>());
    EXPECT_EQ(host["name"], "EXCH01");
    EXPECT_EQ(host["identity_class"], "system");
  }
  // The producer is the organisation, and made everything else.
  const auto producer = of_type(objects, "identity");
  const auto org = std::ranges::find_if(producer, [](const Json& i) { return i["identity_class"] == "organization"; });
  ASSERT_NE(org, producer.end());
  EXPECT_EQ((*org)["name"], "CERT \"Example\"");
  for (const auto& [id, o] : objects)
    if (id != (*org)["id"]) {
      EXPECT_EQ(o["created_by_ref"], (*org)["id"]) << o;
    }
  // The finding's CVE is a vulnerability the indicators relate to.
  const auto vulnerabilities = of_type(objects, "vulnerability");
  ASSERT_EQ(vulnerabilities.size(), 1U);
  EXPECT_EQ(vulnerabilities[0]["name"], "CVE-2021-26855");
  EXPECT_EQ(of_type(objects, "relationship").size(), 2U);
}

TEST_F(ExportTest, HostsOpenToACveAreSightingsOfItsVulnerability) {
  const auto objects = check_bundle(exported(ExportWhat::hosts, ExportFormat::stix));
  EXPECT_EQ(of_type(objects, "identity").size(), 2U);  // the producer and the one host open to something
  const auto sightings = of_type(objects, "sighting");
  ASSERT_EQ(sightings.size(), 2U);  // 10.0.0.1, open to both advisories in April; the rest patched
  for (const auto& s : sightings) {
    EXPECT_EQ(objects.at(s["where_sighted_refs"][0].get<std::string>())["name"], "10.0.0.1:443");
    EXPECT_EQ(s["count"], 2);
    EXPECT_EQ(s["first_seen"], "2021-03-05T10:00:00.000Z");
    EXPECT_EQ(s["last_seen"], "2021-04-20T10:00:00.000Z");
    EXPECT_EQ(objects.at(s["sighting_of_ref"].get<std::string>())["type"], "vulnerability");
  }
  // The producer's time is the earliest the data shows, never the clock's.
  const auto identities = of_type(objects, "identity");
  const auto producer = std::ranges::find_if(identities, [](const Json& i) { return i["name"] == "exray"; });
  ASSERT_NE(producer, identities.end());
  EXPECT_EQ((*producer)["created"], "2021-03-05T10:00:00.000Z");

  // As March left it, B was open to April's advisory too.
  const auto march = check_bundle(exported(ExportWhat::hosts, ExportFormat::stix, {"", "2021-03-31"}));
  EXPECT_EQ(of_type(march, "sighting").size(), 3U);
  EXPECT_EQ(of_type(march, "identity").size(), 3U);
}

// Run ids are random and exports run at other times: neither may reach the bundle.
TEST_F(ExportTest, TheSameRecordsInAnotherStoreGiveTheSameBundle) {
  auto other = store::Store::open("sqlite:" + (scratch_ / "again.db").string());
  ASSERT_TRUE(other) << other.error().to_string();
  fill(*other);
  for (auto what : {ExportWhat::hosts, ExportWhat::findings}) {
    std::ostringstream again;
    ASSERT_TRUE(export_store(*other, ExportOptions{what, ExportFormat::stix, {}, "CERT"}, again));
    EXPECT_EQ(exported(what, ExportFormat::stix, {}, "CERT"), again.str());
  }
}

}  // namespace
}  // namespace exray::report::testing
