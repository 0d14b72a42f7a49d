// SPDX-License-Identifier: Apache-2.0
// Buffered plain/gzip writers and the JSONL ground-truth writer.
#include "writer.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <tuple>

#include "rng.hpp"

namespace exlogs {
namespace {

constexpr std::size_t kFlushAt = 4u << 20;  // 4 MiB: big writes, constant memory

[[noreturn]] void io_error(const std::filesystem::path& path, std::string_view what) {
  throw std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

gzFile as_gz(void* p) { return static_cast<gzFile>(p); }

// Whether a value holds ',' or '"', eight bytes at a time: this runs for every value of every
// row, and find_first_of with a character set costs a memchr call per byte.
bool needs_quotes(std::string_view v) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  auto has_zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  const char* p = v.data();
  std::size_t n = v.size();
  std::uint64_t found = 0;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    found |= has_zero_byte(x ^ (kOnes * ',')) | has_zero_byte(x ^ (kOnes * '"'));
  }
  for (; n > 0; ++p, --n) found |= static_cast<std::uint64_t>((*p == ',') | (*p == '"'));
  return found != 0;
}

}  // namespace

LogWriter::LogWriter(std::filesystem::path path, bool gzip, bool crlf) : path_(std::move(path)), crlf_(crlf) {
  buf_.reserve(kFlushAt + (1u << 20));
  if (gzip) {
    // Level 1: the point is to exercise the reader's gzip path, not to save space, and higher
    // levels would dominate the run time.
    gz_ = gzopen(path_.c_str(), "wb1");
    if (gz_ == nullptr) io_error(path_, "cannot create");
    gzbuffer(as_gz(gz_), 256u << 10);
  } else {
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) io_error(path_, "cannot create");
    std::setvbuf(file_, nullptr, _IONBF, 0);  // we buffer ourselves
  }
}

LogWriter::~LogWriter() {
  if (file_ != nullptr) std::fclose(file_);
  if (gz_ != nullptr) gzclose(as_gz(gz_));
}

void LogWriter::end_line() {
  if (crlf_) buf_.push_back('\r');
  buf_.push_back('\n');
  ++lines_;
  if (buf_.size() >= kFlushAt) flush();
}

void LogWriter::flush() {
  if (buf_.empty()) return;
  if (gz_ != nullptr) {
    std::size_t done = 0;
    while (done < buf_.size()) {
      const auto chunk = static_cast<unsigned>(std::min<std::size_t>(buf_.size() - done, 1u << 30));
      if (gzwrite(as_gz(gz_), buf_.data() + done, chunk) != static_cast<int>(chunk)) io_error(path_, "cannot write");
      done += chunk;
    }
  } else if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
    io_error(path_, "cannot write");
  }
  flushed_ += buf_.size();
  buf_.clear();
}

void LogWriter::close() {
  flush();
  if (gz_ != nullptr) {
    const int rc = gzclose(as_gz(gz_));
    gz_ = nullptr;
    if (rc != Z_OK) io_error(path_, "cannot finish");
  }
  if (file_ != nullptr) {
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) io_error(path_, "cannot close");
  }
}

void write_small_file(const std::filesystem::path& path, std::uint64_t size, std::uint64_t seed) {
  Rng rng(seed);
  std::string bytes;
  for (std::uint64_t i = 0; i < size; ++i) bytes.push_back(static_cast<char>(rng.next() & 0xFF));
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) io_error(path, "cannot create");
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !ok) io_error(path, "cannot write");
}

void write_jsonl(const std::filesystem::path& path, std::vector<Record> records) {
  std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
    return std::tie(a.file, a.line, a.rule) < std::tie(b.file, b.line, b.rule);
  });
  auto quoted = [](std::string& out, std::string_view s) {
    out.push_back('"');
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  };
  std::string out;
  for (const auto& r : records) {
    out += "{\"rule\":";
    quoted(out, r.rule);
    out += ",\"file\":";
    quoted(out, r.file);
    out += ",\"line\":" + std::to_string(r.line) + "}\n";
  }
  LogWriter w(path, false, false);
  w.buf() = std::move(out);  // already holds complete lines
  w.close();
}

void append_csv_field(std::string& out, std::string_view value) {
  if (!needs_quotes(value)) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (std::size_t start = 0;;) {  // copy runs between quotes, doubling each quote
    const auto quote = value.find('"', start);
    if (quote == std::string_view::npos) {
      out.append(value.substr(start));
      break;
    }
    out.append(value.substr(start, quote + 1 - start));
    out.push_back('"');
    start = quote + 1;
  }
  out.push_back('"');
}

}  // namespace exlogs
