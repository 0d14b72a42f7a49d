// SPDX-License-Identifier: Apache-2.0
#include "exray/kb/knowledge_base.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "exray/core/file.hpp"
#include "exray/core/text.hpp"
#include "exray/kb/microsoft_csv.hpp"
#include "yaml_loader.hpp"

namespace exray::kb {
namespace {

// "Mar21SU", "Aug23SUv2", "Apr24HU": month, two-digit year, SU (security) or HU (hotfix).
bool is_update_label(std::string_view word) noexcept {
  if (word.size() < 7) return false;
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!is_alpha(word[0]) || !is_alpha(word[1]) || !is_alpha(word[2]) || !is_digit(word[3]) || !is_digit(word[4]))
    return false;
  auto kind = word.substr(5, 2);
  if (kind != "SU" && kind != "HU") return false;
  auto version = word.substr(7);
  return version.empty() ||
         (version.size() >= 2 && version[0] == 'v' && std::all_of(version.begin() + 1, version.end(), is_digit));
}

// Later entries replace earlier ones with the same key, keeping the first one's place (so a
// replaced advisory keeps its column). One pass with an index: merging a million-row file must
// not be quadratic.
template <class T, class Key>
void keep_last_by_key(std::vector<T>& items, Key key) {
  std::unordered_map<std::string, std::size_t> first;
  std::vector<T> out;
  for (auto& item : items) {
    auto [it, inserted] = first.emplace(key(item), out.size());
    if (inserted)
      out.push_back(std::move(item));
    else
      out[it->second] = std::move(item);
  }
  items = std::move(out);
}

// Splits a release name into product and update ("Exchange 2016 CU19 Mar21SU" ->
// "Exchange 2016", "Mar21SU").
void describe_release(Release& release) {
  auto words = split(release.name, ' ');
  release.product = words.size() >= 2 ? fmt::format("{} {}", words[0], words[1]) : release.name;
  release.update = words.size() >= 3 && is_update_label(words.back()) ? std::string(words.back()) : std::string();
}

}  // namespace

void KnowledgeBase::add(Release release) {
  describe_release(release);
  releases_.push_back(std::move(release));
}
void KnowledgeBase::add(Product product) { products_.push_back(std::move(product)); }
void KnowledgeBase::add(Advisory advisory) { advisories_.push_back(std::move(advisory)); }

Result<void> KnowledgeBase::reindex() {
  // Stable, so of two rows with the same build the one added later sorts last and wins.
  std::stable_sort(releases_.begin(), releases_.end(),
                   [](const Release& a, const Release& b) { return a.build < b.build; });
  auto kept = std::unique(releases_.rbegin(), releases_.rend(),
                          [](const Release& a, const Release& b) { return a.build == b.build; });
  releases_.erase(releases_.begin(), kept.base());
  keep_last_by_key(products_, [](const Product& p) { return p.name; });
  keep_last_by_key(advisories_, [](const Advisory& a) { return a.id; });
  for (auto& advisory : advisories_) {
    std::sort(advisory.fixed_in.begin(), advisory.fixed_in.end());
    for (std::size_t i = 0; i < advisory.fixed_in.size(); ++i) {
      const Build& fixed = advisory.fixed_in[i];
      const auto* row = find(fixed);
      if (row == nullptr)
        return fail(Errc::invalid_argument, fmt::format("advisory '{}': fixed build {} is not in the build table",
                                                        advisory.id, fixed.to_string()));
      if (i > 0 && fixed.same_prefix(advisory.fixed_in[i - 1], branch_depth(row->product)))
        return fail(Errc::invalid_argument,
                    fmt::format("advisory '{}': two fixed builds in one branch ({} and {})", advisory.id,
                                advisory.fixed_in[i - 1].to_string(), fixed.to_string()));
    }
  }
  return {};
}

std::size_t KnowledgeBase::branch_depth(std::string_view product_name) const noexcept {
  const auto* p = product(product_name);
  return p != nullptr ? p->branch_depth : 3;
}

const Release* KnowledgeBase::find(const Build& build) const noexcept {
  auto it = std::lower_bound(releases_.begin(), releases_.end(), build,
                             [](const Release& r, const Build& b) { return r.build < b; });
  return it != releases_.end() && it->build == build ? &*it : nullptr;
}

const Release* KnowledgeBase::floor(const Build& build) const noexcept {
  auto it = std::upper_bound(releases_.begin(), releases_.end(), build,
                             [](const Build& b, const Release& r) { return b < r.build; });
  if (it == releases_.begin()) return nullptr;
  --it;
  return it->build.same_version(build) ? &*it : nullptr;
}

const Release* KnowledgeBase::ceiling(const Build& build) const noexcept {
  auto it = std::lower_bound(releases_.begin(), releases_.end(), Build{build.part, 4},
                             [](const Release& r, const Build& b) { return r.build < b; });
  return it == releases_.end() ? nullptr : &*it;
}

const Release* KnowledgeBase::branch_base(const Build& build, std::size_t depth) const noexcept {
  auto it = std::lower_bound(releases_.begin(), releases_.end(), build.prefix(depth),
                             [](const Release& r, const Build& b) { return r.build < b; });
  return it != releases_.end() && it->build.same_prefix(build, depth) ? &*it : nullptr;
}

const Release* KnowledgeBase::latest(std::string_view product) const noexcept {
  for (auto it = releases_.rbegin(); it != releases_.rend(); ++it)
    if (it->product == product) return &*it;
  return nullptr;
}

const Product* KnowledgeBase::product(std::string_view name) const noexcept {
  auto it = std::find_if(products_.begin(), products_.end(), [&](const Product& p) { return p.name == name; });
  return it == products_.end() ? nullptr : &*it;
}

Result<void> KnowledgeBase::merge(std::string_view text, std::string_view source) {
  // Work on a copy so a file that fails half-way leaves the loaded data as it was.
  KnowledgeBase next = *this;
  if (looks_like_microsoft_csv(text)) {
    auto rows = parse_microsoft_csv(text, source);
    if (!rows) return std::unexpected(rows.error());
    for (auto& row : *rows) next.add(std::move(row));
  } else if (auto loaded = load_yaml(next, text, source); !loaded) {
    return loaded;
  }
  if (auto ok = next.reindex(); !ok) {
    auto error = ok.error();
    error.where.source = std::string(source);
    return std::unexpected(error);
  }
  *this = std::move(next);
  return {};
}

Result<void> KnowledgeBase::merge_file(const std::filesystem::path& path) {
  auto text = read_small_file(path);
  if (!text) return std::unexpected(text.error());
  return merge(*text, path.string());
}

}  // namespace exray::kb
