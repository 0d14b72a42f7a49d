// SPDX-License-Identifier: Apache-2.0
#include "exray/match/pattern_set.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <fmt/format.h>

namespace exray::match {

namespace {

// Hyperscan takes only regexes; a literal becomes one by escaping every byte that is not a
// letter or digit, which keeps one database for both kinds.
std::string escape_literal(std::string_view literal) {
  std::string out;
  out.reserve(literal.size() * 4);
  for (const char ch : literal) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

int collect(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
            void* context) {
  static_cast<std::vector<PatternMatch>*>(context)->push_back({id, static_cast<std::size_t>(to)});
  return 0;  // keep scanning
}

}  // namespace

void PatternSet::DatabaseFree::operator()(hs_database* db) const noexcept { hs_free_database(db); }
void PatternSet::Scratch::Free::operator()(hs_scratch* s) const noexcept { hs_free_scratch(s); }

Result<PatternSet> PatternSet::compile(std::span<const Pattern> patterns) {
  PatternSet set;
  if (patterns.empty()) return set;
  std::vector<std::string> expressions;
  std::vector<const char*> pointers;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (const auto& p : patterns) {
    expressions.push_back(p.is_regex ? p.text : escape_literal(p.text));
    unsigned f = 0;
    if (p.single_match) f |= HS_FLAG_SINGLEMATCH;
    if (p.caseless) f |= HS_FLAG_CASELESS;
    if (p.dot_all) f |= HS_FLAG_DOTALL;
    if (p.prefilter) f |= HS_FLAG_PREFILTER;
    flags.push_back(f);
    ids.push_back(p.id);
  }
  for (const auto& e : expressions) pointers.push_back(e.c_str());
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                       HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "unknown error";
    const int index = error ? error->expression : -1;
    hs_free_compile_error(error);
    if (index >= 0 && static_cast<std::size_t>(index) < patterns.size())
      return fail(Errc::invalid_argument,
                  fmt::format("prefilter pattern '{}' does not compile: {}", patterns[static_cast<std::size_t>(index)].text,
                              message));
    return fail(Errc::invalid_argument, "prefilter patterns do not compile: " + message);
  }
  set.database_ = std::shared_ptr<hs_database>(db, DatabaseFree{});
  return set;
}

Result<PatternSet::Scratch> PatternSet::make_scratch() const {
  Scratch scratch;
  if (empty()) return scratch;
  hs_scratch_t* raw = nullptr;
  if (hs_alloc_scratch(database_.get(), &raw) != HS_SUCCESS)
    return fail(Errc::limit_exceeded, "cannot allocate pattern scratch space");
  scratch.scratch_.reset(raw);
  return scratch;
}

void PatternSet::scan(std::string_view bytes, Scratch& scratch, std::vector<PatternMatch>& out) const {
  if (empty() || bytes.empty()) return;
  const auto first = out.size();
  // Blocks are at most a line buffer long, far below Hyperscan's 4 GiB limit.
  hs_scan(database_.get(), bytes.data(), static_cast<unsigned>(bytes.size()), 0, scratch.scratch_.get(), collect,
          &out);
  // Hyperscan reports literals and regexes from different engines, not strictly in order.
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const PatternMatch& a, const PatternMatch& b) { return a.end != b.end ? a.end < b.end : a.id < b.id; });
}

}  // namespace exray::match
