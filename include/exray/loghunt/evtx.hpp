// SPDX-License-Identifier: Apache-2.0
// exray loghunt: Windows event logs (.evtx) read through libevtx, one event at a time.
//
// Without the providers' message files (a copy of a server's logs has none) an event's text is
// its data strings, which is also what Microsoft's own checks match on. Recovered (deleted)
// records are not events of the log and are left out.
//
// libevtx runs in a child process with memory and CPU limits (core/child_process.hpp): a
// crafted file that crashes it or makes it ask for gigabytes costs that one file, not the hunt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

namespace exray::loghunt {

struct EventRecord {
  std::string provider;  // e.g. "MSExchange CmdletLogs"
  std::uint32_t event_id = 0;
  std::uint8_t level = 0;  // 1 critical, 2 error, 3 warning, 4 information
  std::string timestamp;   // ISO 8601, UTC
  std::string computer;
  std::vector<std::string> strings;  // the event's data, in order
};

class EventVisitor {
 public:
  virtual ~EventVisitor() = default;
  virtual void on_event(const EventRecord& event, std::uint64_t index) = 0;
};

struct EvtxStats {
  std::uint64_t records = 0;
  std::uint64_t unreadable = 0;  // records libevtx could not decode (skipped)
  // Why reading ended before the end of the file, when it did: libevtx crashed, ran out of its
  // memory or time. The events before that point were delivered.
  std::string stopped;
};

[[nodiscard]] Result<EvtxStats> read_evtx_file(const std::filesystem::path& path, EventVisitor& visitor);
[[nodiscard]] Result<EvtxStats> read_evtx_bytes(std::string_view bytes, EventVisitor& visitor);

}  // namespace exray::loghunt
