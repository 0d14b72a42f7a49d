// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/evtx.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "evtx_stream.hpp"

namespace exray::loghunt {
namespace {

class Collect final : public EventVisitor {
 public:
  void on_event(const EventRecord& event, std::uint64_t) override { events.push_back(event); }
  std::vector<EventRecord> events;
};

const std::string kManagementLog =
    std::string(EXRAY_SOURCE_DIR) + "/demo/evidence/EXCH01/Windows/System32/winevt/Logs/MSExchange Management.evtx";

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

// Found by fuzz_evtx: libevtx 20181227 asks for 8 GiB on this file and, given it, crashes. The
// library runs in a child, so the hunt goes on and says why this file was cut short.
TEST(Evtx, AFileThatCrashesLibevtxIsACutShortReadNotACrash) {
  Collect c;
  auto stats = read_evtx_file(std::string(EXRAY_SOURCE_DIR) + "/tests/data/evtx/libevtx-oom-segv.evtx", c);
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_NE(stats->stopped, "");
  EXPECT_NE(stats->stopped.find("the rest of the file was not read"), std::string::npos) << stats->stopped;
  EXPECT_EQ(stats->records, c.events.size());
}

TEST(Evtx, AWholeReadSaysNothingStopped) {
  Collect c;
  auto stats = read_evtx_file(kManagementLog, c);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->stopped, "");
}

// The parent decodes what the child sends: the child's own frames round-trip, split anywhere;
// bytes that are not frames are an error, never a crash or an endless wait.
TEST(EvtxStream, FramesRoundTripWhereverThePipeSplitsThem) {
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  EventRecord sent{"MSExchange CmdletLogs", 6,        2,
                   "2021-03-03T01:02:03Z",  "EXCH01", {"Set-OabVirtualDirectory", "", "x\0y"}};
  {
    evtx_stream::Writer out(ends[1]);
    out.event(sent, 41);
    out.finished(EvtxStats{1, 2, ""});
    out.flush();
  }
  ::close(ends[1]);
  std::string bytes(4096, '\0');
  bytes.resize(static_cast<std::size_t>(::read(ends[0], bytes.data(), bytes.size())));
  ::close(ends[0]);
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    Collect c;
    evtx_stream::Reader in(c);
    ASSERT_TRUE(in.feed(std::string_view(bytes).substr(0, split)));
    ASSERT_TRUE(in.feed(std::string_view(bytes).substr(split)));
    ASSERT_EQ(c.events.size(), 1U);
    EXPECT_EQ(c.events[0].strings, sent.strings);
    EXPECT_EQ(c.events[0].computer, "EXCH01");
    ASSERT_TRUE(in.final_stats());
    EXPECT_EQ(in.final_stats()->unreadable, 2U);
  }
}

// EVTX chunks are 64 KiB, so libevtx never hands over such an event; if it did, the hunt must
// still count it.
TEST(EvtxStream, AnEventTooLargeForAFrameIsCountedUnreadable) {
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  EventRecord huge{"Provider", 1, 4, "2021-03-03T01:02:03Z", "EXCH01", {std::string(17U << 20, 'A')}};
  EventRecord small{"Provider", 2, 4, "2021-03-03T01:02:04Z", "EXCH01", {"ok"}};
  {
    evtx_stream::Writer out(ends[1]);
    out.event(huge, 0);
    out.event(small, 1);
    out.finished(EvtxStats{2, 0, ""});
    out.flush();
  }
  ::close(ends[1]);
  std::string bytes(1 << 16, '\0');
  bytes.resize(static_cast<std::size_t>(::read(ends[0], bytes.data(), bytes.size())));
  ::close(ends[0]);
  Collect c;
  evtx_stream::Reader in(c);
  ASSERT_TRUE(in.feed(bytes));
  ASSERT_EQ(c.events.size(), 1U);
  EXPECT_EQ(c.events[0].event_id, 2U);
  ASSERT_TRUE(in.final_stats());
  EXPECT_EQ(in.final_stats()->unreadable, 1U);
}

TEST(EvtxStream, BytesThatAreNotFramesAreAnError) {
  Collect c;
  std::mt19937 random(7);
  for (int round = 0; round < 2000; ++round) {
    std::string junk(static_cast<std::size_t>(random() % 64), '\0');
    for (auto& ch : junk) ch = static_cast<char>(random());
    evtx_stream::Reader in(c);
    (void)in.feed(junk);  // an error or a wait for more, never a crash
  }
  evtx_stream::Reader in(c);
  EXPECT_FALSE(in.feed(std::string("\xff\xff\xff\xff", 4)));                 // larger than any frame
  EXPECT_FALSE(in.feed(std::string("\x02\0\0\0E\x01", 6)));                  // an event cut inside the frame
  EXPECT_FALSE(evtx_stream::Reader(c).feed(std::string("\x01\0\0\0Q", 5)));  // an unknown kind
}

}  // namespace
}  // namespace exray::loghunt
