// SPDX-License-Identifier: Apache-2.0
// exray loghunt: the hot loop. Streams bytes through a fixed buffer, asks the prefilter for
// matches over the whole buffer at once, and only around a match finds the line and hands it on.
//
// Memory is bounded by the buffer: a line longer than max_line_bytes is skipped and reported,
// never buffered whole. Line 1 is always handed on (Exchange logs put their header there), and
// so is every line the prefilter matched, with the matches that fell in it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/loghunt/byte_source.hpp"
#include "exray/match/pattern_set.hpp"

namespace exray::loghunt {

struct SearchLimits {
  std::size_t buffer_bytes = std::size_t{1} << 20;    // read size; grows for a long line
  std::size_t max_line_bytes = std::size_t{16} << 20;  // longer lines are skipped and reported
};

struct LineHit {
  std::string_view line;  // without its line ending (LF or CRLF)
  std::uint64_t number;   // 1-based
  std::uint64_t offset;   // of the line's first byte in the (decompressed) stream
  std::span<const match::PatternMatch> matches;
};

struct SearchStats {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t candidates = 0;
  std::vector<std::uint64_t> overlong_lines;  // numbers of the lines skipped for their length
};

class LineVisitor {
 public:
  virtual ~LineVisitor() = default;
  virtual void on_line(const LineHit& hit) = 0;
};

class LineSearcher {
 public:
  explicit LineSearcher(SearchLimits limits = {}) : limits_(limits) {}

  // Fails only when the source fails (I/O error, corrupt gzip); what was found before that has
  // already been handed on.
  [[nodiscard]] Result<SearchStats> search(ByteSource& source, const match::PatternSet& prefilter,
                                           match::PatternSet::Scratch& scratch, LineVisitor& visitor);

 private:
  SearchLimits limits_;
  std::vector<char> buffer_;                 // kept between files
  std::vector<match::PatternMatch> matches_;  // likewise
};

// Number of '\n' bytes in [data, data + size).
[[nodiscard]] std::uint64_t count_newlines(const char* data, std::size_t size) noexcept;

}  // namespace exray::loghunt
