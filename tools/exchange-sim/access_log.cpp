// SPDX-License-Identifier: Apache-2.0
#include "access_log.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>

namespace exsim {

namespace {
// Past this much buffered text the flusher is woken early, so a burst cannot grow memory.
constexpr std::size_t kWakeAt = 4U << 20;
}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u >= 0x7F) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
}

std::expected<std::unique_ptr<AccessLog>, std::string> AccessLog::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr)
    return std::unexpected(fmt::format("--access-log: cannot write '{}': {}", path, std::strerror(errno)));
  return std::unique_ptr<AccessLog>(new AccessLog(f));
}

AccessLog::AccessLog(std::FILE* file) : file_(file) {
  flusher_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, stop, std::chrono::milliseconds(500), [this] { return buffer_.size() >= kWakeAt; });
      }
      write_out();
    }
  });
}

AccessLog::~AccessLog() {
  flusher_.request_stop();
  flusher_.join();
  write_out();
  std::fclose(file_);
}

// Only the flusher thread calls this while it runs, and the destructor after joining it, so
// `writing_` and the file need no lock of their own.
void AccessLog::write_out() {
  {
    std::lock_guard lock(mutex_);
    writing_.swap(buffer_);
  }
  if (writing_.empty()) return;
  std::fwrite(writing_.data(), 1, writing_.size(), file_);
  std::fflush(file_);
  writing_.clear();
}

void AccessLog::append(std::string_view line) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    buffer_ += line;
    wake = buffer_.size() >= kWakeAt;
  }
  if (wake) wake_.notify_one();
}

void AccessLog::connect(std::string_view address, bool refused) {
  std::string line;
  line.reserve(80);
  line += R"({"address":")";
  line += address;
  line += refused ? R"(","event":"connect","refused":true})"
                    "\n"
                  : R"(","event":"connect"})"
                    "\n";
  append(line);
}

void AccessLog::request(std::string_view address, std::string_view method, std::string_view target,
                        std::string_view cookie) {
  std::string line;
  line.reserve(96 + target.size() + cookie.size());
  line += R"({"address":")";
  line += address;
  line += R"(","event":"request","method":")";
  append_json_escaped(line, method);
  line += R"(","target":")";
  append_json_escaped(line, target);
  if (!cookie.empty()) {
    line += R"(","cookie":")";
    append_json_escaped(line, cookie);
  }
  line += "\"}\n";
  append(line);
}

}  // namespace exsim
