// SPDX-License-Identifier: Apache-2.0
#include "evtx_stream.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace exray::loghunt::evtx_stream {

namespace {

// An EVTX record lives in one 64 KiB chunk, so a frame is far smaller; anything larger is not
// something our child wrote.
constexpr std::size_t kMaxFrame = 16U << 20;
constexpr std::size_t kFlushAt = 64U << 10;

template <class T>
void put(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void put_text(std::string& out, std::string_view text) {
  put(out, static_cast<std::uint32_t>(text.size()));
  out.append(text);
}

// Reads fields off one whole frame; any read past its end marks the frame as malformed.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : rest_(bytes) {}

  template <class T>
  T take() {
    T value = 0;
    if (rest_.size() < sizeof(T)) return bad(value);
    for (std::size_t i = 0; i < sizeof(T); ++i)
      value |= static_cast<T>(static_cast<T>(static_cast<unsigned char>(rest_[i])) << (8 * i));
    rest_.remove_prefix(sizeof(T));
    return value;
  }

  std::string text() {
    const auto size = take<std::uint32_t>();
    if (rest_.size() < size) return bad(std::string());
    std::string out(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return out;
  }

  [[nodiscard]] bool good() const { return ok_; }                 // nothing read past the end
  [[nodiscard]] bool ok() const { return ok_ && rest_.empty(); }  // … and nothing left over

 private:
  template <class T>
  T bad(T value) {
    ok_ = false;
    rest_ = {};
    return value;
  }
  std::string_view rest_;
  bool ok_ = true;
};

Result<void> malformed() { return fail(Errc::parse_error, "the event log reader sent a malformed message"); }

}  // namespace

void Writer::frame(const std::string& payload) {
  put(buffer_, static_cast<std::uint32_t>(payload.size()));
  buffer_.append(payload);
  if (buffer_.size() >= kFlushAt) flush();
}

void Writer::event(const EventRecord& event, std::uint64_t index) {
  std::string p(1, 'E');
  put(p, index);
  put(p, event.event_id);
  put(p, event.level);
  put_text(p, event.provider);
  put_text(p, event.timestamp);
  put_text(p, event.computer);
  put(p, static_cast<std::uint32_t>(event.strings.size()));
  for (const auto& s : event.strings) put_text(p, s);
  if (p.size() <= kMaxFrame)
    frame(p);
  else
    ++oversized_;
}

void Writer::finished(const EvtxStats& stats) {
  std::string p(1, 'S');
  put(p, stats.records);
  put(p, stats.unreadable + oversized_);
  frame(p);
}

void Writer::cannot_open(std::string_view message) {
  std::string p(1, 'X');
  put_text(p, message.substr(0, 4096));
  frame(p);
}

void Writer::flush() {
  std::string_view rest = buffer_;
  while (!rest.empty()) {
    const auto n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the parent stopped reading; it no longer wants these events
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  buffer_.clear();
}

Result<void> Reader::feed(std::string_view bytes) {
  pending_.append(bytes);
  std::size_t at = 0;
  while (pending_.size() - at >= 4) {
    Cursor head(std::string_view(pending_).substr(at, 4));
    const auto size = head.take<std::uint32_t>();
    if (size == 0 || size > kMaxFrame) return malformed();
    if (pending_.size() - at - 4 < size) break;
    if (auto done = decode(std::string_view(pending_).substr(at + 4, size)); !done) return done;
    at += 4 + size;
  }
  pending_.erase(0, at);
  return {};
}

Result<void> Reader::decode(std::string_view payload) {
  if (stats_ || open_error_) return malformed();  // nothing follows the last frame
  Cursor in(payload.substr(1));
  switch (payload.front()) {
    case 'E': {
      const auto index = in.take<std::uint64_t>();
      event_.event_id = in.take<std::uint32_t>();
      event_.level = in.take<std::uint8_t>();
      event_.provider = in.text();
      event_.timestamp = in.text();
      event_.computer = in.text();
      const auto count = in.take<std::uint32_t>();
      event_.strings.clear();
      for (std::uint32_t i = 0; i < count && in.good(); ++i) event_.strings.push_back(in.text());
      if (!in.ok()) return malformed();
      ++events_;
      visitor_.on_event(event_, index);
      return {};
    }
    case 'S': {
      EvtxStats stats;
      stats.records = in.take<std::uint64_t>();
      stats.unreadable = in.take<std::uint64_t>();
      if (!in.ok()) return malformed();
      stats_ = stats;
      return {};
    }
    case 'X': {
      auto message = in.text();
      if (!in.ok()) return malformed();
      open_error_ = std::move(message);
      return {};
    }
    default:
      return malformed();
  }
}

}  // namespace exray::loghunt::evtx_stream
