// SPDX-License-Identifier: Apache-2.0
// exray vault: take files out of service and keep them as evidence, provably and reversibly.
//
// A vault is a folder (docs/vault-format.md): `blobs/` holds each file's bytes under its SHA-256,
// `manifest.jsonl` is an append-only log of what happened to each item (quarantine, restore),
// every line carrying the SHA-256 of the line before it, and `manifest.head` names the last
// line so a cut-off tail is caught too. Vault::quarantine copies, flushes and verifies a file
// into `blobs/`, records it, and only then removes (or renames) the original; Vault::restore
// records first, then puts the exact bytes and metadata back. Every step that can be cut off by
// a crash leaves the file in place or safely in the vault, and Vault::recover (run by every
// writer when it opens the vault) finishes or rolls back the half-done item. Vault::verify
// re-reads everything and names each problem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exray/core/error.hpp"

namespace exray::vault {

// The finding that caused an item: enough to find it again in the hunt's output.
struct FindingRef {
  std::string id;
  std::string rule;
  std::string kind;
  std::string severity;
};

// What the file was when it was taken: restore puts all of it back but ctime (which the kernel
// sets) and owner (only when run as root).
struct FileMeta {
  std::string path;  // absolute
  std::uint64_t size = 0;
  std::string sha256, sha1, md5;  // lowercase hex
  std::uint32_t mode = 0;         // permission bits
  std::uint32_t uid = 0, gid = 0;
  std::string owner, group;  // names where the system knows them
  std::int64_t atime_ns = 0, mtime_ns = 0, ctime_ns = 0;
};

enum class ItemState : std::uint8_t {
  quarantining,  // recorded, original maybe not yet removed (recover finishes it)
  quarantined,   // in the vault, out of service
  restoring,     // restore recorded, maybe not yet written (recover finishes it)
  restored,      // back in place; the vault keeps its copy
  rolled_back,   // quarantine abandoned by recover; the original was never touched
};
[[nodiscard]] std::string_view to_string(ItemState state) noexcept;

// How the original is taken out of service once the vault holds it.
enum class Removal : std::uint8_t { remove, rename };

struct Item {
  std::string id;  // 16 hex digits
  FileMeta original;
  FindingRef finding;
  Removal removal = Removal::remove;
  std::string renamed_to;  // with Removal::rename
  std::string by;          // user@host that quarantined it
  std::string at;          // ISO 8601 UTC
  ItemState state = ItemState::quarantining;
  std::string restored_at;
};

// The points between the durable steps, in order. Tests kill the process at each to prove the
// order is safe; a caller may also use them for progress.
enum class Step : std::uint8_t {
  copied,     // quarantine: the bytes are in vault/tmp, flushed
  stored,     // the copy is renamed into blobs/, the folder flushed
  verified,   // the blob re-read hashes to the original's SHA-256
  recorded,   // the quarantine (or restore) line is in the manifest, flushed
  taken_out,  // the original is unlinked or renamed, its folder flushed
  finished,   // the done line is in the manifest, flushed
  written,    // restore: the bytes and metadata are in a temporary beside the original, flushed
  placed,     // restore: the temporary is renamed to the original path, the folder flushed
};
[[nodiscard]] std::string_view to_string(Step step) noexcept;

struct VaultOptions {
  // Called after each durable step, with the item's original path.
  std::function<void(Step, const std::string&)> on_step;
  std::string actor;  // "user@host" recorded with each action; empty: from the system
};

struct QuarantineRequest {
  std::filesystem::path path;
  std::string expected_sha256;  // from the finding; the file must still have it
  FindingRef finding;
  std::vector<std::filesystem::path> roots;  // the path must lie inside one (after resolving)
  Removal removal = Removal::remove;
  std::string rename_suffix = ".exray-quarantined";
};

// What recover did, one line per item it touched.
struct Recovery {
  std::vector<std::string> actions;
};

struct Problem {
  std::string item;  // id, empty for the manifest as a whole
  std::string path;  // the item's original path, if known
  std::string what;  // one line: what changed or is missing
};

// What an export wrote.
struct ExportSummary {
  std::string item;    // the full id
  std::string folder;  // the folder inside the archive that holds everything, "exray-evidence-<id>/"
  std::uint64_t bytes = 0;
};

class Vault {
 public:
  // Creates the vault folder when it does not exist; refuses a folder that is neither empty nor
  // a vault. Takes the vault's write lock for the object's life and runs recover().
  [[nodiscard]] static Result<Vault> open_for_writing(const std::filesystem::path& dir, VaultOptions options = {});
  // Read-only (list, verify, export): a shared lock, no recovery.
  [[nodiscard]] static Result<Vault> open_for_reading(const std::filesystem::path& dir);

  Vault(Vault&&) noexcept;
  Vault& operator=(Vault&&) noexcept;
  ~Vault();

  [[nodiscard]] Result<Item> quarantine(const QuarantineRequest& request);
  // `replace`: overwrite a different file at the original path (that file is stored in the
  // vault first, so nothing is lost).
  [[nodiscard]] Result<Item> restore(const std::string& id, bool replace = false);
  [[nodiscard]] const Recovery& recovery() const noexcept;

  [[nodiscard]] Result<std::vector<Item>> items() const;
  [[nodiscard]] Result<Item> find(const std::string& id) const;  // an id or a unique prefix
  // Re-reads the manifest chain, the head and every blob. Empty = intact.
  [[nodiscard]] std::vector<Problem> verify() const;
  // Writes one item as a tar archive for investigators: its exact bytes, what it was (item.json),
  // its manifest lines as stored and SHA256SUMS over them. The copy is re-hashed on the way; `out`
  // must not exist and appears only when complete (docs/vault-format.md, "Export").
  [[nodiscard]] Result<ExportSummary> export_item(const std::string& id, const std::filesystem::path& out) const;
  // Where the vault keeps the bytes of the file with this SHA-256.
  [[nodiscard]] std::filesystem::path blob_path(const std::string& sha256) const;
  // The folder path, absolute.
  [[nodiscard]] const std::filesystem::path& dir() const noexcept;

 private:
  struct State;
  explicit Vault(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// SHA-256 (lowercase hex) of a file, not following a symlink at the end of the path.
[[nodiscard]] Result<std::string> sha256_of_file(const std::filesystem::path& path);

// The name of the file that marks a folder as a vault: file walks skip such folders.
inline constexpr std::string_view kVaultMarker = ".exray-vault";

}  // namespace exray::vault
