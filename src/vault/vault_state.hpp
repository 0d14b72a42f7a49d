// SPDX-License-Identifier: Apache-2.0
// Private to vault: what an open Vault holds, shared by the files that implement its operations
// (vault.cpp: open, list, verify, recover; quarantine.cpp; restore.cpp).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "exray/vault/vault.hpp"
#include "fs.hpp"
#include "items.hpp"
#include "manifest.hpp"

namespace exray::vault {

struct Vault::State {
  std::filesystem::path dir;
  VaultOptions options;
  Fd lock;
  std::optional<ManifestWriter> writer;  // only when open for writing
  ItemFolder folder;
  Recovery recovery;

  [[nodiscard]] std::filesystem::path blob(const std::string& sha256) const {
    return dir / "blobs" / sha256.substr(0, 2) / sha256;
  }
  [[nodiscard]] std::filesystem::path tmp() const { return dir / "tmp"; }
  void step(Step s, const std::string& path) const {
    if (options.on_step) options.on_step(s, path);
  }
  // Appends a record and applies it to the items.
  [[nodiscard]] Result<void> record(const Json& fields);

  // Copies an open file into blobs/ (through tmp/), flushed and re-read: on success the blob
  // exists and hashes to the returned SHA-256. `expected_sha256` (if set) must match, else the
  // copy is dropped and the call fails.
  [[nodiscard]] Result<Digests> store_blob(int fd, const std::string& path, const std::string& expected_sha256,
                                           std::uint64_t& size);
  [[nodiscard]] Result<bool> blob_intact(const std::string& sha256) const;

  // Recovery and its two halves (quarantine.cpp, restore.cpp).
  [[nodiscard]] Result<void> recover();
  [[nodiscard]] Result<void> finish_quarantine(Item& item);
  [[nodiscard]] Result<void> finish_restore(Item& item, const Json& restore_record);
  // Takes the original out of service: unlink or rename, then flush its folder.
  [[nodiscard]] Result<void> take_out(const Item& item);
  // Writes the blob back to the original path with its metadata (restore's steps written, placed).
  [[nodiscard]] Result<void> put_back(const Item& item);
};

[[nodiscard]] std::string actor_name();

}  // namespace exray::vault
