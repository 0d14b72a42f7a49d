// SPDX-License-Identifier: Apache-2.0
// The access log: one JSON object per line for every accepted connection and every parsed
// request, so tests can prove the scanner touched only the addresses it was given and sent only
// the requests it documents.
//
// Every server thread appends to one mutex-protected buffer (a few hundred bytes per
// connection); a background thread writes it out at least once a second, and the destructor
// writes the rest.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace exsim {

class AccessLog {
 public:
  [[nodiscard]] static std::expected<std::unique_ptr<AccessLog>, std::string> open(const std::string& path);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // `address` is the local address the client connected to; `refused` when the connection was
  // turned away unserved (a non-loopback address, or a host that resets).
  void connect(std::string_view address, bool refused);
  void request(std::string_view address, std::string_view method, std::string_view target, std::string_view cookie);

 private:
  explicit AccessLog(std::FILE* file);
  void append(std::string_view line);
  void write_out();

  std::FILE* file_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::string buffer_;
  std::string writing_;  // the flusher's side of the double buffer
  std::jthread flusher_;
};

// JSON string contents: quotes, backslashes and control characters escaped; bytes above 0x7F
// (never valid in an HTTP/1.1 target, rare in a cookie) as \u00XX so every line stays valid JSON.
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace exsim
