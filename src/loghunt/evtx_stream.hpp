// SPDX-License-Identifier: Apache-2.0
// The events a child process reads from an .evtx file, as the bytes it sends its parent.
//
// libevtx runs in a child (core/child_process.hpp), so events cross a pipe. Each message is a
// frame: a 4-byte length, then a tag ('E' an event, 'S' the final counts, 'X' the file could
// not be opened) and its fields; integers little-endian, strings length-prefixed. The parent
// checks every length against what it has, so a child that dies mid-frame is a cut-short read,
// not a bad one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "exray/core/error.hpp"
#include "exray/loghunt/evtx.hpp"

namespace exray::loghunt::evtx_stream {

// Child side: frames buffered and written to a pipe.
class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  // An event too large for one frame is not sent; finished() counts it as unreadable, so the
  // hunt says a record was skipped instead of dropping it silently.
  void event(const EventRecord& event, std::uint64_t index);
  void finished(const EvtxStats& stats);
  void cannot_open(std::string_view message);
  void flush();

 private:
  void frame(const std::string& payload);
  int fd_;
  std::string buffer_;
  std::uint64_t oversized_ = 0;
};

// Parent side: frames decoded as they arrive and handed to the visitor.
class Reader {
 public:
  explicit Reader(EventVisitor& visitor) : visitor_(visitor) {}
  [[nodiscard]] Result<void> feed(std::string_view bytes);

  [[nodiscard]] std::uint64_t events() const { return events_; }
  [[nodiscard]] const std::optional<EvtxStats>& final_stats() const { return stats_; }
  [[nodiscard]] const std::optional<std::string>& open_error() const { return open_error_; }

 private:
  [[nodiscard]] Result<void> decode(std::string_view payload);
  EventVisitor& visitor_;
  std::string pending_;
  EventRecord event_;
  std::uint64_t events_ = 0;
  std::optional<EvtxStats> stats_;
  std::optional<std::string> open_error_;
};

}  // namespace exray::loghunt::evtx_stream
