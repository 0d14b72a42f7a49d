// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/line_searcher.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>

#include "exray/core/text.hpp"

namespace exray::loghunt {
namespace {

struct Seen {
  std::string line;
  std::uint64_t number, offset;
  std::size_t matches;
  bool operator==(const Seen&) const = default;
  friend std::ostream& operator<<(std::ostream& os, const Seen& s) {
    return os << "{line " << s.number << " @" << s.offset << " matches " << s.matches << " '" << s.line.substr(0, 40) << "'}";
  }
};

// Only the first difference: whole vectors of lines are unreadable.
void expect_same(const std::vector<Seen>& got, const std::vector<Seen>& want, std::size_t buffer) {
  for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i)
    if (!(got[i] == want[i])) {
      ADD_FAILURE() << "buffer " << buffer << ", hit " << i << ": got " << got[i] << " want " << want[i] << " next got " << (i + 1 < got.size() ? got[i + 1] : Seen{}) << " next want " << (i + 1 < want.size() ? want[i + 1] : Seen{});
      return;
    }
  EXPECT_EQ(got.size(), want.size()) << "buffer " << buffer;
}

class Collect final : public LineVisitor {
 public:
  void on_line(const LineHit& hit) override {
    seen.push_back({std::string(hit.line), hit.number, hit.offset, hit.matches.size()});
  }
  std::vector<Seen> seen;
};

SearchLimits lim(std::size_t buffer, std::size_t max_line) { return SearchLimits{buffer, max_line}; }

match::PatternSet needles() {
  const std::vector<match::Pattern> patterns{{"needle", false, 1}, {"pin", false, 2}};
  return *match::PatternSet::compile(patterns);
}

std::vector<Seen> search(std::string_view text, SearchLimits limits, SearchStats* stats_out = nullptr) {
  auto set = needles();
  auto scratch = *set.make_scratch();
  LineSearcher searcher(limits);
  auto source = memory_byte_source(text);
  Collect c;
  auto stats = searcher.search(*source, set, scratch, c);
  EXPECT_TRUE(stats);
  if (stats_out && stats) *stats_out = *stats;
  return c.seen;
}

// What the searcher must report, computed the slow obvious way.
std::vector<Seen> expected(std::string_view text) {
  std::vector<Seen> out;
  std::uint64_t number = 1, offset = 0;
  while (offset < text.size() || (offset == 0 && text.empty() && false)) {
    auto nl = text.find('\n', offset);
    auto end = nl == std::string_view::npos ? text.size() : nl;
    std::string line(text.substr(offset, end - offset));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t matches = 0;
    for (std::string_view needle : {"needle", "pin"})
      for (std::size_t i = 0; i + needle.size() <= line.size(); ++i)
        if (iequals(std::string_view(line).substr(i, needle.size()), needle)) ++matches;
    if (number == 1 || matches > 0) out.push_back({line, number, offset, matches});
    ++number;
    offset = end + 1;
  }
  return out;
}

TEST(LineSearcher, FindsLinesWithNumbersAndOffsets) {
  const std::string text = "header\nno\r\nhay NEEDLE hay\nx\npin and needle\nlast pin";
  EXPECT_EQ(search(text, {}), expected(text));
  EXPECT_EQ(search(text, lim(16, 1 << 20)), expected(text));
}

TEST(LineSearcher, SameResultsForEveryBufferSize) {
  std::mt19937 rng(42);
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    const auto len = rng() % 200;
    for (unsigned j = 0; j < len; ++j) text += static_cast<char>('a' + rng() % 26);
    if (rng() % 10 == 0) text += "needle";
    if (rng() % 17 == 0) text += "PiN";
    text += rng() % 5 == 0 ? "\r\n" : "\n";
  }
  const auto want = expected(text);
  for (std::size_t buffer : {16U, 17U, 64U, 1000U, 4096U, 1U << 20}) expect_same(search(text, lim(buffer, 1 << 20)), want, buffer);
}

TEST(LineSearcher, EmptyInputAndNoTrailingNewline) {
  EXPECT_TRUE(search("", {}).empty());
  SearchStats stats;
  auto seen = search("needle", {16, 1024}, &stats);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(stats.lines, 1U);
}

TEST(LineSearcher, OverlongLinesAreSkippedAndReportedNotBuffered) {
  const std::string text = "first\n" + std::string(10'000'000, 'x') + "needle\nafter needle\n";
  SearchStats stats;
  auto seen = search(text, lim(4096, 1 << 20), &stats);
  ASSERT_EQ(stats.overlong_lines, std::vector<std::uint64_t>{2});
  ASSERT_EQ(seen.size(), 2U);  // line 1 and line 3
  EXPECT_EQ(seen[1].number, 3U);
  EXPECT_EQ(seen[1].line, "after needle");
  EXPECT_EQ(seen[1].offset, text.find("after"));
}

TEST(LineSearcher, TenMegabyteLineWithinTheLimitIsSearched) {
  const std::string text = "first\n" + std::string(10'000'000, 'x') + "needle\n";
  auto seen = search(text, lim(4096, 16 << 20));
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[1].number, 2U);
}

TEST(LineSearcher, BinaryJunkIsJustBytes) {
  std::string text;
  std::mt19937 rng(7);
  for (int i = 0; i < 100000; ++i) text += static_cast<char>(rng());
  text += "\nneedle\n";
  expect_same(search(text, lim(64, 1 << 20)), expected(text), 64);
}

TEST(ByteSource, GzipIsDecompressedAndCorruptionIsAnError) {
  const std::string text = "line one\nneedle two\n";
  const exray::testing::ScratchDir dir("gz");
  const auto path = (dir / "a.log.gz").string();
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  auto source = open_byte_source(path);
  ASSERT_TRUE(source);
  std::string out(100, '\0');
  auto n = (*source)->read(out.data(), out.size());
  ASSERT_TRUE(n);
  out.resize(*n);
  EXPECT_EQ(out, text);

  // Truncate the compressed file: reading must fail cleanly, not hang or crash.
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 12);
  auto truncated = open_byte_source(path);
  ASSERT_TRUE(truncated);
  Result<std::size_t> r = std::size_t{1};
  std::string buf(100, '\0');
  while (r && *r > 0) r = (*truncated)->read(buf.data(), buf.size());
  EXPECT_FALSE(r);
}

TEST(LineSearcher, CountNewlines) {
  std::string s(1000, 'a');
  for (std::size_t i = 0; i < s.size(); i += 7) s[i] = '\n';
  EXPECT_EQ(count_newlines(s.data(), s.size()), 143U);
  EXPECT_EQ(count_newlines("\x8a\x0a\x0b", 3), 1U);
  const std::string all(100000, '\n');  // every lane at its maximum
  EXPECT_EQ(count_newlines(all.data(), all.size()), 100000U);
}

}  // namespace
}  // namespace exray::loghunt
