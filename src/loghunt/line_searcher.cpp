// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/line_searcher.hpp"

#include <algorithm>
#include <cstring>

namespace exray::loghunt {

std::uint64_t count_newlines(const char* data, std::size_t size) noexcept {
  // Eight bytes at a time, without popcount (not in the x86-64 baseline): a byte of `sums` gains 1
  // where the input byte is '\n'; byte-wise sums fit in a byte for 255 words, then fold.
  constexpr std::uint64_t kOnes7 = 0x7f7f7f7f7f7f7f7fULL;
  constexpr std::uint64_t kNewlines = 0x0a0a0a0a0a0a0a0aULL;
  constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
  std::uint64_t count = 0;
  std::size_t i = 0;
  while (i + 8 <= size) {
    std::uint64_t sums = 0;
    for (int k = 0; k < 255 && i + 8 <= size; ++k, i += 8) {
      std::uint64_t word;
      std::memcpy(&word, data + i, 8);
      const std::uint64_t x = word ^ kNewlines;
      const std::uint64_t nonzero = ((x & kOnes7) + kOnes7) | x;  // high bit set where the byte != 0
      sums += (~nonzero >> 7) & kLowBits;
    }
    // Pairs of byte sums into 16-bit lanes (at most 510 each), then all four lanes into the top.
    sums = (sums & 0x00ff00ff00ff00ffULL) + ((sums >> 8) & 0x00ff00ff00ff00ffULL);
    count += (sums * 0x0001000100010001ULL) >> 48;
  }
  for (; i < size; ++i) count += data[i] == '\n';
  return count;
}

namespace {

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Walks the candidate lines of one buffer of whole lines.
class BlockWalker {
 public:
  BlockWalker(std::string_view block, std::uint64_t base_offset, std::uint64_t first_line_number)
      : block_(block), base_(base_offset), line_number_(first_line_number) {}

  // The line holding byte `pos`, with its number (counting the newlines skipped since last time).
  LineHit line_at(std::size_t pos) {
    const auto nl_before = pos == 0 ? std::string_view::npos : block_.rfind('\n', pos - 1);
    const std::size_t start = nl_before == std::string_view::npos ? 0 : nl_before + 1;
    auto end = block_.find('\n', pos);
    if (end == std::string_view::npos) end = block_.size();
    if (start > counted_) {
      line_number_ += count_newlines(block_.data() + counted_, start - counted_);
      counted_ = start;
    }
    return LineHit{without_cr(block_.substr(start, end - start)), line_number_, base_ + start, {}};
  }

  // The number of the line after this block: counts only what line_at has not counted yet.
  std::uint64_t next_line_number() const {
    return line_number_ + count_newlines(block_.data() + counted_, block_.size() - counted_);
  }

 private:
  std::string_view block_;
  std::uint64_t base_;
  std::uint64_t line_number_;
  std::size_t counted_ = 0;
};

}  // namespace

Result<SearchStats> LineSearcher::search(ByteSource& source, const match::PatternSet& prefilter,
                                         match::PatternSet::Scratch& scratch, LineVisitor& visitor) {
  SearchStats stats;
  buffer_.resize(std::max<std::size_t>(limits_.buffer_bytes, 16));
  std::size_t len = 0;
  std::uint64_t base = 0;        // stream offset of buffer_[0]
  std::uint64_t line_number = 1;  // number of the line that starts at buffer_[0]
  bool first_line = true;
  bool skipping = false;  // inside an over-long line, dropping bytes up to its newline
  bool eof = false;

  while (!eof) {
    if (len == buffer_.size()) {  // full, and no newline in it
      if (!skipping && buffer_.size() < limits_.max_line_bytes) {
        buffer_.resize(std::min(buffer_.size() * 2, limits_.max_line_bytes));
      } else {
        if (!skipping) stats.overlong_lines.push_back(line_number);
        skipping = true;
        base += len;
        len = 0;
      }
    }
    auto n = source.read(buffer_.data() + len, buffer_.size() - len);
    if (!n) return std::unexpected(n.error());
    eof = *n == 0;
    len += *n;
    stats.bytes += *n;

    std::string_view data(buffer_.data(), len);
    if (skipping) {
      const auto nl = data.find('\n');
      if (nl == std::string_view::npos) continue;  // still inside it (or at the end)
      skipping = false;
      first_line = false;
      ++line_number;
      ++stats.lines;
      std::memmove(buffer_.data(), buffer_.data() + nl + 1, len - nl - 1);
      base += nl + 1;
      len -= nl + 1;
      data = std::string_view(buffer_.data(), len);
    }
    std::size_t end = data.rfind('\n');
    end = end == std::string_view::npos ? 0 : end + 1;
    if (eof) end = len;
    if (end == 0) continue;  // no whole line yet

    const std::string_view block = data.substr(0, end);
    matches_.clear();
    prefilter.scan(block, scratch, matches_);
    BlockWalker walker(block, base, line_number);
    // Hands on the line holding `pos` with the matches that end inside it.
    std::size_t i = 0;
    auto deliver = [&](std::size_t pos) {
      auto hit = walker.line_at(pos);
      const auto next_nl = block.find('\n', pos);
      const std::size_t line_end = next_nl == std::string_view::npos ? block.size() : next_nl;
      const auto first = i;
      while (i < matches_.size() && matches_[i].end <= line_end) ++i;
      hit.matches = std::span(matches_).subspan(first, i - first);
      visitor.on_line(hit);
    };
    if (first_line) {
      deliver(0);
      first_line = false;
    }
    while (i < matches_.size()) {
      const auto before = i;
      deliver(matches_[i].end == 0 ? 0 : matches_[i].end - 1);
      if (i == before) ++i;  // a match ending on the newline itself belongs to no line's text
      ++stats.candidates;
    }
    const auto next = walker.next_line_number();
    stats.lines += next - line_number;
    line_number = next;
    if (eof && end > 0 && block.back() != '\n') ++stats.lines;  // a last line without newline
    std::memmove(buffer_.data(), buffer_.data() + end, len - end);
    base += end;
    len -= end;
  }
  return stats;
}

}  // namespace exray::loghunt
