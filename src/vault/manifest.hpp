// SPDX-License-Identifier: Apache-2.0
// Private to vault: the append-only manifest and its hash chain.
//
// Each line is one JSON object that starts with "seq" (1, 2, ...) and "prev" (the SHA-256 of
// the previous line's bytes, 64 zeros for the first). `manifest.head` holds the count and hash
// of the last line, so removing lines from the end is caught as surely as editing one. Lines
// are hashed as stored, never re-serialised, so the chain does not depend on a JSON library.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "exray/core/error.hpp"
#include "exray/vault/vault.hpp"
#include "fs.hpp"

namespace exray::vault {

using Json = nlohmann::ordered_json;

inline constexpr std::string_view kManifestFile = "manifest.jsonl";
inline constexpr std::string_view kHeadFile = "manifest.head";

struct Record {
  std::uint64_t seq = 0;
  Json body;         // the whole line, parsed
  std::string hash;  // SHA-256 of the line's bytes
  std::string line;  // the bytes as stored, without the newline (an export carries them as they are)
};

struct Head {
  std::uint64_t records = 0;
  std::string last;  // hash of the last line
};

// Everything read from the manifest: the records up to the first break, and each problem found.
struct ManifestRead {
  std::vector<Record> records;
  std::vector<Problem> problems;
  std::uint64_t complete_bytes = 0;  // length of the whole lines
  bool torn_tail = false;            // bytes after the last newline: a cut-off write
  bool chain_intact = true;          // no edited, removed or unparsable line
  std::optional<Head> head;
};

[[nodiscard]] ManifestRead read_manifest(const std::filesystem::path& dir);

// The writer's end: appends records that link to the last one and keeps the head current.
class ManifestWriter {
 public:
  // Assumes `read` is intact (recover has repaired what a crash can leave).
  [[nodiscard]] static Result<ManifestWriter> open(const std::filesystem::path& dir, const ManifestRead& read);
  // Adds "seq" and "prev" in front of `fields`, writes the line, flushes it, then the head.
  [[nodiscard]] Result<Record> append(const Json& fields);

 private:
  std::filesystem::path dir_;
  Fd fd_;
  std::uint64_t seq_ = 0;
  std::string last_;
};

[[nodiscard]] Result<void> write_head(const std::filesystem::path& dir, const Head& head);
// Cuts a partial last line off (it was never acknowledged, so nothing depends on it).
[[nodiscard]] Result<void> truncate_manifest(const std::filesystem::path& dir, std::uint64_t bytes);

}  // namespace exray::vault
