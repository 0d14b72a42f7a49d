// SPDX-License-Identifier: Apache-2.0
#include "exray/vault/vault.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <random>

#include "vault_state.hpp"

namespace exray::vault {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarkerText = R"({"format":"exray-vault","version":1})"
                                         "\n";

std::string random_name() {
  std::random_device device;
  return fmt::format("{:08x}{:08x}", device(), device());
}

Result<void> make_dir(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return std::unexpected(os_error("cannot create", dir, errno));
  return {};
}

// A new vault: folders, marker, empty manifest and head, all flushed before first use.
Result<void> initialise(const fs::path& dir) {
  for (const auto& d : {dir, dir / "blobs", dir / "tmp"})
    if (auto ok = make_dir(d); !ok) return ok;
  if (auto ok = replace_durably(dir / kVaultMarker, kMarkerText); !ok) return ok;
  if (auto ok = replace_durably(dir / kManifestFile, ""); !ok) return ok;
  if (auto ok = write_head(dir, Head{}); !ok) return ok;
  return fsync_dir(dir.parent_path().empty() ? fs::path(".") : dir.parent_path());
}

Result<Fd> take_lock(const fs::path& dir, bool exclusive) {
  const auto path = dir / "lock";
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd && !exclusive) fd = Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return std::unexpected(os_error("cannot open the vault's lock", path, errno));
  if (::flock(fd.get(), (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
    return fail(Errc::io_error, "another exray is using this vault (try again when it is done)", Where{dir.string()});
  return fd;
}

Result<fs::path> vault_dir(const fs::path& dir, bool create) {
  std::error_code ec;
  auto absolute = fs::absolute(dir, ec);
  if (ec) return fail(Errc::invalid_argument, "cannot make the vault path absolute", Where{dir.string()});
  const bool exists = fs::exists(absolute, ec);
  if (!exists) {
    if (!create) return fail(Errc::not_found, "no vault here", Where{dir.string()});
    if (auto ok = initialise(absolute); !ok) return std::unexpected(ok.error());
  } else if (!fs::exists(absolute / kVaultMarker, ec)) {
    if (!create || !fs::is_directory(absolute, ec) || !fs::is_empty(absolute, ec))
      return fail(Errc::invalid_argument, fmt::format("not an exray vault (no {})", kVaultMarker), Where{dir.string()});
    if (auto ok = initialise(absolute); !ok) return std::unexpected(ok.error());
  }
  return fs::canonical(absolute, ec);
}

}  // namespace

std::string_view to_string(ItemState state) noexcept {
  switch (state) {
    case ItemState::quarantining:
      return "quarantining";
    case ItemState::quarantined:
      return "quarantined";
    case ItemState::restoring:
      return "restoring";
    case ItemState::restored:
      return "restored";
    case ItemState::rolled_back:
      return "rolled-back";
  }
  return "?";
}

std::string_view to_string(Step step) noexcept {
  switch (step) {
    case Step::copied:
      return "copied";
    case Step::stored:
      return "stored";
    case Step::verified:
      return "verified";
    case Step::recorded:
      return "recorded";
    case Step::taken_out:
      return "taken-out";
    case Step::finished:
      return "finished";
    case Step::written:
      return "written";
    case Step::placed:
      return "placed";
  }
  return "?";
}

Result<std::string> sha256_of_file(const fs::path& path) {
  auto d = digest_file(path);
  if (!d) return std::unexpected(d.error());
  return d->sha256;
}

std::string actor_name() {
  std::string user = "uid" + std::to_string(::geteuid());
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) user = pw->pw_name;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return user + "@" + host;
}

Result<void> Vault::State::record(const Json& fields) {
  auto r = writer->append(fields);
  if (!r) return std::unexpected(r.error());
  folder.apply(*r);
  return {};
}

Result<bool> Vault::State::blob_intact(const std::string& sha256) const {
  const auto path = blob(sha256);
  auto s = lstat_path(path);
  if (!s) return std::unexpected(s.error());
  if (!s->exists || !S_ISREG(s->st.st_mode)) return false;
  auto d = digest_file(path);
  if (!d) return std::unexpected(d.error());
  return d->sha256 == sha256;
}

Result<Digests> Vault::State::store_blob(int fd, const std::string& path, const std::string& expected_sha256,
                                         std::uint64_t& size) {
  const auto tmp_path = tmp() / random_name();
  auto digests = copy_durably(fd, tmp_path, size);
  if (!digests) {
    ::unlink(tmp_path.c_str());
    return std::unexpected(digests.error());
  }
  step(Step::copied, path);
  if (!expected_sha256.empty() && digests->sha256 != expected_sha256) {
    ::unlink(tmp_path.c_str());
    return fail(Errc::invalid_argument,
                fmt::format("changed since the finding: its SHA-256 is now {}, the finding says {}", digests->sha256,
                            expected_sha256),
                Where{path});
  }
  const auto target = blob(digests->sha256);
  auto intact = blob_intact(digests->sha256);
  if (!intact) return std::unexpected(intact.error());
  if (*intact) {
    ::unlink(tmp_path.c_str());  // the same bytes are already kept
  } else {
    if (auto ok = make_dir(target.parent_path()); !ok) return std::unexpected(ok.error());
    if (::rename(tmp_path.c_str(), target.c_str()) != 0)
      return std::unexpected(os_error("cannot move the copy into the vault", target, errno));
    for (const auto& d : {target.parent_path(), dir / "blobs"})
      if (auto ok = fsync_dir(d); !ok) return std::unexpected(ok.error());
  }
  step(Step::stored, path);
  // Read back from the vault, not from memory: this is the copy the original will be traded for.
  intact = blob_intact(digests->sha256);
  if (!intact) return std::unexpected(intact.error());
  if (!*intact)
    return fail(Errc::io_error, "the copy in the vault does not read back with the original's SHA-256",
                Where{target.string()});
  step(Step::verified, path);
  return digests;
}

Result<void> Vault::State::recover() {
  auto read = read_manifest(dir);
  if (!read.chain_intact)
    return fail(Errc::invalid_argument, "the manifest is damaged; see `exray vault verify`", Where{dir.string()});
  if (read.torn_tail) {
    if (auto ok = truncate_manifest(dir, read.complete_bytes); !ok) return ok;
    recovery.actions.push_back("removed a partial manifest line left by an interrupted write");
  }
  const auto have = static_cast<std::uint64_t>(read.records.size());
  if (!read.head || read.head->records + 1 < have || read.head->records > have ||
      (read.head->records > 0 && read.records[read.head->records - 1].hash != read.head->last))
    return fail(Errc::invalid_argument, "the manifest and its head disagree; see `exray vault verify`",
                Where{dir.string()});
  if (read.head->records + 1 == have) {
    if (auto ok = write_head(dir, Head{have, read.records.back().hash}); !ok) return ok;
    recovery.actions.push_back("brought the manifest head up to date after an interrupted write");
  }
  // Copies in tmp/ were never referenced by the manifest.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(tmp(), ec)) {
    ::unlink(entry.path().c_str());
    recovery.actions.push_back("removed an unfinished copy " + entry.path().filename().string());
  }
  for (const auto& r : read.records) folder.apply(r);
  if (!folder.problems().empty())
    return fail(Errc::invalid_argument, "the manifest's records do not add up; see `exray vault verify`",
                Where{dir.string()});
  auto w = ManifestWriter::open(dir, read);
  if (!w) return std::unexpected(w.error());
  writer.emplace(std::move(*w));

  // Last record per item, for restores that may need to know what they were told.
  for (std::size_t i = 0; i < folder.items().size(); ++i) {
    Item& item = folder.items()[i];
    if (item.state == ItemState::quarantining) {
      if (auto ok = finish_quarantine(item); !ok) return ok;
    } else if (item.state == ItemState::restoring) {
      const Json* last = nullptr;
      for (const auto& r : read.records)
        if (r.body.value("item", "") == item.id) last = &r.body;
      if (auto ok = finish_restore(item, *last); !ok) return ok;
    }
  }
  return {};
}

Vault::Vault(std::unique_ptr<State> state) : state_(std::move(state)) {}
Vault::Vault(Vault&&) noexcept = default;
Vault& Vault::operator=(Vault&&) noexcept = default;
Vault::~Vault() = default;

Result<Vault> Vault::open_for_writing(const fs::path& dir, VaultOptions options) {
  auto real = vault_dir(dir, true);
  if (!real) return std::unexpected(real.error());
  auto state = std::make_unique<State>();
  state->dir = *real;
  state->options = std::move(options);
  if (state->options.actor.empty()) state->options.actor = actor_name();
  auto lock = take_lock(state->dir, true);
  if (!lock) return std::unexpected(lock.error());
  state->lock = std::move(*lock);
  if (auto ok = state->recover(); !ok) return std::unexpected(ok.error());
  return Vault(std::move(state));
}

Result<Vault> Vault::open_for_reading(const fs::path& dir) {
  auto real = vault_dir(dir, false);
  if (!real) return std::unexpected(real.error());
  auto state = std::make_unique<State>();
  state->dir = *real;
  auto lock = take_lock(state->dir, false);
  if (!lock) return std::unexpected(lock.error());
  state->lock = std::move(*lock);
  return Vault(std::move(state));
}

const Recovery& Vault::recovery() const noexcept { return state_->recovery; }
const fs::path& Vault::dir() const noexcept { return state_->dir; }
fs::path Vault::blob_path(const std::string& sha256) const { return state_->blob(sha256); }

Result<std::vector<Item>> Vault::items() const {
  if (state_->writer) return state_->folder.items();
  const auto read = read_manifest(state_->dir);
  if (!read.chain_intact)
    return fail(Errc::invalid_argument, "the manifest is damaged; see `exray vault verify`", Where{dir().string()});
  ItemFolder folder;
  for (const auto& r : read.records) folder.apply(r);
  return folder.items();
}

Result<Item> Vault::find(const std::string& id) const {
  auto all = items();
  if (!all) return std::unexpected(all.error());
  const Item* found = nullptr;
  for (const auto& item : *all) {
    if (id.empty() || item.id.compare(0, id.size(), id) != 0) continue;
    if (found != nullptr) return fail(Errc::invalid_argument, fmt::format("'{}' names more than one item", id));
    found = &item;
  }
  if (found == nullptr) return fail(Errc::not_found, fmt::format("no item '{}' in the vault", id));
  return *found;
}

std::vector<Problem> Vault::verify() const {
  auto read = read_manifest(state_->dir);
  std::vector<Problem> problems = std::move(read.problems);
  std::error_code ec;
  if (!fs::exists(state_->dir / kVaultMarker, ec))
    problems.push_back({"", "", fmt::format("{} is missing", kVaultMarker)});
  ItemFolder folder;
  for (const auto& r : read.records) folder.apply(r);
  for (const auto& p : folder.problems()) problems.push_back(p);
  for (const auto& item : folder.items()) {
    const auto& m = item.original;
    if (item.state == ItemState::quarantining || item.state == ItemState::restoring)
      problems.push_back({item.id, m.path,
                          fmt::format("{} was interrupted (`exray vault recover` finishes it)",
                                      item.state == ItemState::quarantining ? "quarantine" : "restore")});
    if (item.state == ItemState::rolled_back) continue;  // nothing was taken, nothing is kept
    const auto path = state_->blob(m.sha256);
    auto s = lstat_path(path);
    if (!s || !s->exists) {
      problems.push_back(
          {item.id, m.path,
           fmt::format("its copy is missing from the vault (blobs/{}/{})", m.sha256.substr(0, 2), m.sha256)});
      continue;
    }
    auto d = digest_file(path);
    if (!d) {
      problems.push_back({item.id, m.path, "its copy cannot be read: " + d.error().message});
    } else if (d->sha256 != m.sha256 || static_cast<std::uint64_t>(s->st.st_size) != m.size) {
      problems.push_back({item.id, m.path,
                          fmt::format("its copy was changed: {} bytes with SHA-256 {}, recorded {} bytes with {}",
                                      s->st.st_size, d->sha256, m.size, m.sha256)});
    }
  }
  return problems;
}

}  // namespace exray::vault
