// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/evtx.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace exray::loghunt {
namespace {

class Collect final : public EventVisitor {
 public:
  void on_event(const EventRecord& event, std::uint64_t) override { events.push_back(event); }
  std::vector<EventRecord> events;
};

const std::string kManagementLog = std::string(EXRAY_SOURCE_DIR) +
                                   "/demo/evidence/EXCH01/Windows/System32/winevt/Logs/MSExchange Management.evtx";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The real MSExchange Management channel: 4 allocated records (event 6, cmdlet failed), plus
// recovered records that must not be counted as events.
TEST(Evtx, ReadsTheMsExchangeManagementChannel) {
  Collect c;
  auto stats = read_evtx_file(kManagementLog, c);
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_EQ(stats->records, 4U);
  ASSERT_EQ(c.events.size(), 4U);
  for (const auto& e : c.events) {
    EXPECT_EQ(e.provider, "MSExchange CmdletLogs");
    EXPECT_EQ(e.event_id, 6U);
    ASSERT_FALSE(e.strings.empty());
    EXPECT_TRUE(e.strings[0].ends_with("-TransportAgent")) << e.strings[0];  // the cmdlet comes first
  }
  EXPECT_EQ(c.events[0].strings[0], "Install-TransportAgent");
  EXPECT_EQ(c.events[0].timestamp, "2021-06-04T08:41:48.041136Z");
}

TEST(Evtx, BytesAndFileGiveTheSameEvents) {
  Collect from_file, from_bytes;
  ASSERT_TRUE(read_evtx_file(kManagementLog, from_file));
  ASSERT_TRUE(read_evtx_bytes(slurp(kManagementLog), from_bytes));
  ASSERT_EQ(from_file.events.size(), from_bytes.events.size());
  for (std::size_t i = 0; i < from_file.events.size(); ++i)
    EXPECT_EQ(from_file.events[i].strings, from_bytes.events[i].strings);
}

TEST(Evtx, TruncatedOrJunkIsAnErrorNotACrash) {
  const auto bytes = slurp(kManagementLog);
  Collect c;
  for (std::size_t cut : {0UL, 7UL, 100UL, 4096UL, 5000UL, 20000UL}) (void)read_evtx_bytes(bytes.substr(0, cut), c);
  EXPECT_FALSE(read_evtx_bytes("ElfFile\0 but nothing else", c));
  EXPECT_FALSE(read_evtx_bytes(std::string(70000, '\xff'), c));
  EXPECT_FALSE(read_evtx_file("/nonexistent.evtx", c));
}

}  // namespace
}  // namespace exray::loghunt
