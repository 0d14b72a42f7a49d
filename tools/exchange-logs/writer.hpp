// SPDX-License-Identifier: Apache-2.0
// Output side of the generator: buffered plain or gzip log files, small evidence files and the
// ground-truth JSONL.
//
// Lines are appended to one large buffer and written in big chunks: per-line writes or flushes
// would make a 6 GB tree take minutes instead of seconds. Memory stays constant (one buffer).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace exlogs {

class LogWriter {
 public:
  // `gzip` writes through zlib (gzopen/gzwrite); `crlf` ends lines with "\r\n" as Windows does.
  LogWriter(std::filesystem::path path, bool gzip, bool crlf);
  ~LogWriter();
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // Append the text of one line (without its end) to buf(), then call end_line().
  std::string& buf() { return buf_; }
  void end_line();
  void line(std::string_view text) {
    buf_.append(text);
    end_line();
  }

  // Uncompressed bytes so far, buffered ones included, and the physical line count.
  std::uint64_t bytes() const { return flushed_ + buf_.size(); }
  std::uint64_t lines() const { return lines_; }

  // Flushes and closes; throws on any write error (the destructor only cleans up).
  void close();

 private:
  void flush();

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  void* gz_ = nullptr;  // gzFile, kept opaque so that zlib.h stays out of the header
  bool crlf_;
  std::string buf_;
  std::uint64_t flushed_ = 0;
  std::uint64_t lines_ = 0;
};

// A small file with `size` pseudo-random bytes (stand-ins for dumps and archives).
void write_small_file(const std::filesystem::path& path, std::uint64_t size, std::uint64_t seed);

// One ground-truth row: a rule (or "near-miss:<rule>") that matches `line` of `file`
// (1-based physical line; 0 for rules on the file's path).
struct Record {
  std::string rule;
  std::string file;
  std::uint64_t line;
};

// Sorts by file, line, rule and writes one JSON object per line.
void write_jsonl(const std::filesystem::path& path, std::vector<Record> records);

// Appends `value` as one CSV field: RFC 4180 quoting when it holds a comma or a quote.
void append_csv_field(std::string& out, std::string_view value);

}  // namespace exlogs
