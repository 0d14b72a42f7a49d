// SPDX-License-Identifier: Apache-2.0
#include "exray/match/regex.hpp"

#include <re2/re2.h>

#include <algorithm>

namespace exray::match {

Result<Regex> Regex::compile(std::string_view pattern) {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  // Logs are bytes, not always UTF-8: Latin-1 makes `.` match any one byte.
  options.set_encoding(RE2::Options::EncodingLatin1);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) return fail(Errc::invalid_argument, "regex does not compile: " + re->error());
  Regex regex;
  for (const auto& [name, index] : re->NamedCapturingGroups()) regex.names_.emplace_back(index, name);
  std::sort(regex.names_.begin(), regex.names_.end());
  regex.re_ = std::move(re);
  return regex;
}

bool Regex::search(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool Regex::search(std::string_view text, std::vector<std::string_view>& groups) const {
  const int n = re_->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(n) + 1);
  const re2::StringPiece input(text.data(), text.size());
  if (!re_->Match(input, 0, input.size(), RE2::UNANCHORED, pieces.data(), n + 1)) return false;
  groups.clear();
  for (int i = 1; i <= n; ++i) {
    const auto& p = pieces[static_cast<std::size_t>(i)];
    groups.emplace_back(p.data() ? std::string_view(p.data(), p.size()) : std::string_view{});
  }
  return true;
}

int Regex::group_count() const noexcept { return re_->NumberOfCapturingGroups(); }
const std::string& Regex::pattern() const noexcept { return re_->pattern(); }

}  // namespace exray::match
