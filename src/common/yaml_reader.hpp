// SPDX-License-Identifier: Apache-2.0
// Private to the components that read YAML data (kb, loghunt): yaml-cpp nodes read into values
// with file:line:column errors, under a budget against alias bombs.
#pragma once

#include <yaml-cpp/yaml.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/core/text.hpp"

namespace exray::detail {

// Reads values out of yaml-cpp's tree with positions for errors. Every value read is charged
// to a budget of one per byte of the file: anchors and aliases let a small file name the same
// list thousands of times, and without the budget a 1 MB file could demand gigabytes.
class Reader {
 public:
  Reader(std::string_view source, std::size_t budget) : source_(source), budget_(budget) {}

  // Positions in the document being read count from this line of the file.
  void set_first_line(std::uint64_t line) noexcept { line_offset_ = line; }

  [[nodiscard]] Error error(const YAML::Node& node, std::string message) const {
    auto mark = node.Mark();
    return Error{Errc::parse_error, std::move(message),
                 Where{source_, mark.line < 0 ? 0U : static_cast<std::uint64_t>(mark.line) + 1 + line_offset_,
                       mark.column < 0 ? 0U : static_cast<std::uint64_t>(mark.column) + 1}};
  }

  [[nodiscard]] Result<std::string> scalar(const YAML::Node& map, std::string_view key, bool required) {
    auto node = map[std::string(key)];
    if (!node) {
      if (required) return std::unexpected(error(map, fmt::format("missing '{}'", key)));
      return std::string();
    }
    if (!node.IsScalar()) return std::unexpected(error(node, fmt::format("'{}' must be a single value", key)));
    if (auto ok = charge(node); !ok) return std::unexpected(ok.error());
    return node.Scalar();
  }

  [[nodiscard]] Result<std::vector<std::string>> list(const YAML::Node& map, std::string_view key) {
    std::vector<std::string> out;
    auto node = map[std::string(key)];
    if (!node) return out;
    if (!node.IsSequence()) return std::unexpected(error(node, fmt::format("'{}' must be a list", key)));
    for (const auto& item : node) {
      if (!item.IsScalar()) return std::unexpected(error(item, fmt::format("'{}' items must be single values", key)));
      if (auto ok = charge(item); !ok) return std::unexpected(ok.error());
      out.push_back(item.Scalar());
    }
    return out;
  }

  [[nodiscard]] Result<void> only_keys(const YAML::Node& map, std::initializer_list<std::string_view> keys) {
    if (!map.IsMap()) return std::unexpected(error(map, "expected a mapping of keys to values"));
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) return std::unexpected(error(entry.first, "keys must be plain words"));
      if (auto ok = charge(entry.first); !ok) return ok;
      const auto& key = entry.first.Scalar();
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        return std::unexpected(error(entry.first, fmt::format("unknown key '{}'", printable(key))));
    }
    return {};
  }


 private:
  [[nodiscard]] Result<void> charge(const YAML::Node& node) {
    if (budget_ == 0)
      return std::unexpected(
          Error{Errc::limit_exceeded, "more values than the file has bytes (alias expansion?)", error(node, "").where});
    --budget_;
    return {};
  }

  std::string source_;
  std::size_t budget_;
  std::uint64_t line_offset_ = 0;
};

inline Where where_of(std::string_view source, const YAML::Mark& mark, std::uint64_t first_line = 0) {
  return Where{std::string(source), static_cast<std::uint64_t>(std::max(0, mark.line)) + 1 + first_line,
               static_cast<std::uint64_t>(std::max(0, mark.column)) + 1};
}

struct YamlDocument {
  std::string_view text;
  std::uint64_t first_line = 0;  // lines of the file before it
};

// The documents of a multi-document stream, cut at `---` lines. yaml-cpp 0.7's LoadAll loops
// forever, allocating, on some malformed streams (a stray `,`: jbeder/yaml-cpp#1040, fixed in
// 0.8.0 by #1319); Load on one document does not. A `---` at the start of a line always starts a
// document (YAML forbids it inside content), so cutting there changes nothing for valid files.
inline std::vector<YamlDocument> split_yaml_documents(std::string_view text) {
  std::vector<YamlDocument> out;
  std::size_t start = 0, line = 0, start_line = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto end = std::min(text.find('\n', pos), text.size());
    const auto row = text.substr(pos, end - pos);
    const bool marker = row.starts_with("---") && (row.size() == 3 || row[3] == ' ' || row[3] == '\t' || row[3] == '\r');
    if (marker && pos > start) {
      out.push_back({text.substr(start, pos - start), start_line});
      start = pos;
      start_line = line;
    }
    pos = end + 1;
    ++line;
  }
  if (start < text.size() || out.empty()) out.push_back({text.substr(std::min(start, text.size())), start_line});
  return out;
}

}  // namespace exray::detail
