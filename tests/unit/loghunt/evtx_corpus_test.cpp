// SPDX-License-Identifier: Apache-2.0
// The built-in rules against the real event logs in ../shared/data/evtx (public lab recordings of
// web shells, LSASS dumps and Exchange-side persistence): each sample the rules are meant to
// catch gives exactly the rules expected of it, and every finding has a time for the timeline.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "collecting_sink.hpp"
#include "exray/loghunt/builtin_rules.hpp"
#include "exray/loghunt/hunter.hpp"

namespace exray::loghunt {
namespace {

namespace fs = std::filesystem;

// File name -> the rules that must fire on it (and no others). Not listed, and not asserted: the
// samples of what the rules do not look for (PrivExchange's ACL change, a reverse shell started
// from a user's PowerShell, a runas logon, a transport configuration file written).
const std::map<std::string, std::set<std::string>> kExpected = {
    {"LM_typical_IIS_webshell_sysmon_1_10_traces.evtx", {"webshell-process-sysmon"}},
    {"discovery_sysmon_1_iis_pwd_and_config_discovery_appcmd.evtx", {"webshell-process-sysmon"}},
    {"privesc_rotten_potato_from_webshell_metasploit_sysmon_1_8_3.evtx", {"webshell-process-sysmon"}},
    {"tunna_iis_rdp_smb_tunneling_sysmon_3.evtx", {"webshell-tunnel-connection"}},
    {"WinDefender_Events_1117_1116_AtomicRedTeam.evtx", {"defender-webshell-detection"}},
    {"sysmon_10_1_memdump_comsvcs_minidump.evtx", {"lsass-dump-events"}},
    {"sysmon_10_11_lsass_memdump.evtx", {"lsass-dump-events"}},
    {"ID1-LSASS dump with LSASSY (SYSMON).evtx", {"lsass-dump-events"}},
    {"ID4688-4663-4656-LSASS dump with LSASSY (process).evtx", {"lsass-dump-events"}},
    {"ID6-Failed to install an Exchange transport agent.evtx", {"exchange-transport-agent"}},
    {"ID4756-Exchange admin group change.evtx", {"exchange-privileged-group"}},
    {"ID4756-Exchange critical group change (DCsync).evtx", {"exchange-privileged-group"}},
};

TEST(EvtxCorpus, EachSampleGivesTheRulesMeantForIt) {
  const fs::path corpus = fs::path(EXRAY_SHARED_DATA) / "evtx";
  if (!fs::exists(corpus)) GTEST_SKIP() << "no shared corpus at " << EXRAY_SHARED_DATA;
  auto rules = builtin_rule_set();
  ASSERT_TRUE(rules) << rules.error().to_string();
  exray::testing::CollectingSink sink;
  const std::vector<std::string> roots{corpus.string()};
  ASSERT_TRUE(hunt(*rules, roots, HuntOptions{}, sink));
  EXPECT_TRUE(sink.errors.empty()) << sink.errors.front().to_string();

  std::map<std::string, std::set<std::string>> found;
  for (const auto& f : sink.findings) {
    const auto name = fs::path(f.evidence.file).filename().string();
    if (fs::path(name).extension() != ".evtx") continue;  // index.csv describes the samples in words
    found[name].insert(f.rule.id);
    EXPECT_TRUE(f.event_time) << f.rule.id << " in " << name << " has no time";
  }
  for (const auto& [name, rules_expected] : kExpected) EXPECT_EQ(found[name], rules_expected) << name;
  // A sample not listed must not be flagged as something it is not, either.
  for (const auto& [name, rules_found] : found)
    EXPECT_TRUE(kExpected.contains(name)) << name << " gave " << *rules_found.begin();
}

}  // namespace
}  // namespace exray::loghunt
