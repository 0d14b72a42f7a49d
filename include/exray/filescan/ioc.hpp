// SPDX-License-Identifier: Apache-2.0
// exray filescan: hash indicator lists (IOCs) and known-good allowlists.
//
// parse_ioc_file() reads the formats defenders are handed — a CSV with a hash column (MSTIC,
// Sophos and most CERT feeds), the MSTIC JSON array, Loki's `hash;comment` lines, plain one-hash
// lines and STIX 2.1 bundles of file-hash indicators — and keeps only well-formed MD5, SHA-1 and
// SHA-256 values. An IocSet answers "is this digest listed, and by whom?" in O(1); the scanner
// asks it only for the hash types some loaded list contains, so MD5 costs nothing unless needed.
// rules/iocs/README.md describes each accepted format as a user would write it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exray/core/error.hpp"

namespace exray::filescan {

enum class HashType : std::uint8_t { md5, sha1, sha256 };
inline constexpr std::size_t kHashTypeCount = 3;

[[nodiscard]] std::string_view to_string(HashType type) noexcept;  // "md5", "sha1", "sha256"
// The type of a token that is exactly 32, 40 or 64 hex digits (either case); nullopt otherwise.
[[nodiscard]] std::optional<HashType> hash_type_of_hex(std::string_view token) noexcept;
[[nodiscard]] constexpr std::size_t digest_size(HashType type) noexcept {
  return type == HashType::md5 ? 16 : type == HashType::sha1 ? 20 : 32;
}

struct Indicator {
  HashType type = HashType::sha256;
  std::string hex;        // lower-case
  std::string name;       // what the list calls it (comment, file name, family); may be empty
  std::string source;     // "list-file:line" (or ":record N" for JSON) it came from
  std::string reference;  // the publication the list cites for it (a `source` column); may be empty
};

// Lists the parser understood nothing of (binary data, invalid JSON, rows none of which holds a
// hash) are an error; a list with some malformed rows keeps the good ones and says how many it
// dropped. An empty list (no bytes, only blank or `#` lines, a bare CSV header, `[]`) is not an
// error but an IocFile without indicators: callers that want at least one say so themselves.
struct IocFile {
  std::vector<Indicator> indicators;
  std::size_t rows_skipped = 0;  // rows or values that held no well-formed hash
};

// `origin` names the input in errors and in Indicator::source.
[[nodiscard]] Result<IocFile> parse_ioc_file(std::string_view bytes, std::string_view origin);
// Files over 256 MiB are refused (limit_exceeded): that is about 4 million SHA-256 lines.
[[nodiscard]] Result<IocFile> read_ioc_file(const std::string& path);

class IocSet {
 public:
  void add(const Indicator& indicator);  // the first listing of a hash wins
  void add(const IocFile& file);
  // nullptr when the digest is not listed; the pointer is valid until the set changes.
  [[nodiscard]] const Indicator* find(HashType type, std::span<const std::uint8_t> digest) const;
  [[nodiscard]] bool has(HashType type) const noexcept { return !by_type_[static_cast<std::size_t>(type)].empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return listed_.size(); }

 private:
  // The raw digest, zero-padded: each map holds one hash type, so padding never makes two equal.
  // Kept inline rather than as a std::string, so a lookup neither allocates nor chases a pointer.
  using Key = std::array<std::uint8_t, 32>;
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  // Map nodes hold only the key and an index: a million-hash list loads ~3x faster than with
  // whole Indicators in the nodes.
  std::vector<Indicator> listed_;
  std::array<std::unordered_map<Key, std::size_t, KeyHash>, kHashTypeCount> by_type_;
};

// The indicators exray ships (rules/iocs/), embedded in the binary.
[[nodiscard]] Result<IocSet> builtin_iocs();

}  // namespace exray::filescan
