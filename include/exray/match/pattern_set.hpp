// SPDX-License-Identifier: Apache-2.0
// exray match: many patterns, one pass over a buffer (Hyperscan/Vectorscan).
//
// Engines compile every literal and prefilter regex of a rule set once into a PatternSet, then
// each thread makes its own Scratch and scans whole buffers with it. A scan reports (pattern id,
// end offset) pairs; the caller finds the lines around them. By default patterns are
// case-insensitive and `.` does not cross a newline, so a log match never spans two lines; file
// scanning asks for exact bytes, dot-all and prefilter (superset) semantics per pattern.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

struct hs_database;
struct hs_scratch;

namespace exray::match {

struct Pattern {
  std::string text;
  bool is_regex = false;  // false: `text` is a literal, matched byte for byte (ignoring case)
  unsigned id = 0;        // reported back with each match
  bool caseless = true;
  bool dot_all = false;    // `.` matches newlines too (binary content)
  bool prefilter = false;  // may match more than the regex, never less (for a later exact check)
  bool single_match = false;  // report only the first match: the caller asks "does it occur?"
};

struct PatternMatch {
  unsigned id;
  std::size_t end;  // offset just past the match
};

class PatternSet {
 public:
  class Scratch;

  // An empty set is valid and matches nothing. A bad regex fails with its text and the reason.
  [[nodiscard]] static Result<PatternSet> compile(std::span<const Pattern> patterns);

  [[nodiscard]] bool empty() const noexcept { return database_ == nullptr; }
  [[nodiscard]] Result<Scratch> make_scratch() const;

  // Appends every match in `bytes` to `out`, sorted by end offset (ties by id).
  void scan(std::string_view bytes, Scratch& scratch, std::vector<PatternMatch>& out) const;

 private:
  struct DatabaseFree {
    void operator()(hs_database* db) const noexcept;
  };
  std::shared_ptr<hs_database> database_;  // immutable once compiled: shared by every thread
};

class PatternSet::Scratch {
 public:
  Scratch() = default;

 private:
  friend class PatternSet;
  struct Free {
    void operator()(hs_scratch* s) const noexcept;
  };
  std::unique_ptr<hs_scratch, Free> scratch_;
};

}  // namespace exray::match
