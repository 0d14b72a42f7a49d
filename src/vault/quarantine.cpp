// SPDX-License-Identifier: Apache-2.0
// Quarantine: copy, flush, verify, record, and only then take the original out of service.
#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>

#include "exray/core/time.hpp"
#include "vault_state.hpp"

namespace exray::vault {
namespace {

namespace fs = std::filesystem;

bool inside(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

std::int64_t ns(const timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

std::string user_name(uid_t uid) {
  const passwd* pw = ::getpwuid(uid);
  return pw != nullptr && pw->pw_name != nullptr ? pw->pw_name : std::string();
}
std::string group_name(gid_t gid) {
  const group* gr = ::getgrgid(gid);
  return gr != nullptr && gr->gr_name != nullptr ? gr->gr_name : std::string();
}

// The path with its folder resolved (symlinks, "..") and the file name kept as given: the
// file itself is never followed.
Result<fs::path> resolve(const fs::path& path) {
  std::error_code ec;
  const auto absolute = fs::absolute(path, ec);
  if (ec || !absolute.has_filename()) return fail(Errc::invalid_argument, "not a file path", Where{path.string()});
  const auto folder = fs::canonical(absolute.parent_path(), ec);
  if (ec) return fail(Errc::not_found, "its folder cannot be resolved: " + ec.message(), Where{path.string()});
  return folder / absolute.filename();
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

// `path` + suffix, or + suffix + ".2", ".3", ... when that name is taken.
Result<std::string> free_name(const fs::path& path, const std::string& suffix) {
  for (int n = 1; n < 1000; ++n) {
    auto candidate = path.string() + suffix + (n == 1 ? std::string() : "." + std::to_string(n));
    auto s = lstat_path(candidate);
    if (!s) return std::unexpected(s.error());
    if (!s->exists) return candidate;
  }
  return fail(Errc::limit_exceeded, "no free name to rename it to", Where{path.string()});
}

}  // namespace

Result<void> Vault::State::take_out(const Item& item) {
  const fs::path path = item.original.path;
  if (item.removal == Removal::rename) {
    // RENAME_NOREPLACE: never overwrite whatever appeared under the new name meanwhile.
    if (::renameat2(AT_FDCWD, path.c_str(), AT_FDCWD, item.renamed_to.c_str(), RENAME_NOREPLACE) != 0)
      return std::unexpected(os_error("cannot rename the original", path, errno));
  } else if (::unlink(path.c_str()) != 0) {
    return std::unexpected(os_error("cannot remove the original", path, errno));
  }
  if (auto ok = fsync_dir(path.parent_path()); !ok) return ok;
  step(Step::taken_out, item.original.path);
  return {};
}

Result<Item> Vault::quarantine(const QuarantineRequest& request) {
  State& s = *state_;
  auto path = resolve(request.path);
  if (!path) return std::unexpected(path.error());
  const Where where{path->string()};
  if (inside(*path, s.dir)) return fail(Errc::invalid_argument, "lies inside the vault: refused", where);
  bool allowed = request.roots.empty();
  for (const auto& root : request.roots) {
    std::error_code ec;
    const auto real = fs::canonical(root, ec);
    if (!ec && inside(*path, real)) allowed = true;
  }
  if (!allowed) return fail(Errc::invalid_argument, "lies outside the hunted folders: refused", where);
  auto before = lstat_path(*path);
  if (!before) return std::unexpected(before.error());
  if (!before->exists) return fail(Errc::not_found, "is no longer there", where);
  if (S_ISLNK(before->st.st_mode)) return fail(Errc::invalid_argument, "is a symbolic link: refused", where);
  if (!S_ISREG(before->st.st_mode)) return fail(Errc::invalid_argument, "is not a regular file: refused", where);
  auto fd = open_read_nofollow(*path);
  if (!fd) return std::unexpected(fd.error());
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0) return std::unexpected(os_error("cannot examine", *path, errno));
  if (!same_file(st, before->st)) return fail(Errc::io_error, "changed while being opened: try again", where);

  std::uint64_t size = 0;
  auto digests = s.store_blob(fd->get(), path->string(), request.expected_sha256, size);
  if (!digests) return std::unexpected(digests.error());

  Item item;
  item.original = FileMeta{path->string(),
                           size,
                           digests->sha256,
                           digests->sha1,
                           digests->md5,
                           static_cast<std::uint32_t>(st.st_mode & 07777),
                           st.st_uid,
                           st.st_gid,
                           user_name(st.st_uid),
                           group_name(st.st_gid),
                           ns(st.st_atim),
                           ns(st.st_mtim),
                           ns(st.st_ctim)};
  item.finding = request.finding;
  item.removal = request.removal;
  if (item.removal == Removal::rename) {
    auto name = free_name(*path, request.rename_suffix);
    if (!name) return std::unexpected(name.error());
    item.renamed_to = *name;
  }
  item.by = s.options.actor;
  item.at = format_iso8601(now());
  item.id = sha256_hex(fmt::format("{}\n{}\n{}\n{}", item.original.path, item.original.sha256, item.at,
                                   s.folder.items().size()))
                .substr(0, 16);
  if (auto ok = s.record(quarantine_fields(item)); !ok) return std::unexpected(ok.error());
  s.step(Step::recorded, item.original.path);

  // The copy is safe; remove the original only if it is still the file that was copied.
  auto now_there = lstat_path(*path);
  if (!now_there) return std::unexpected(now_there.error());
  if (!now_there->exists || !same_file(now_there->st, st)) {
    if (auto ok = s.record(event_fields(event::kQuarantineRolledBack, item,
                                        {{"at", format_iso8601(now())}, {"reason", "changed while being copied"}}));
        !ok)
      return std::unexpected(ok.error());
    return fail(Errc::io_error, "changed while being copied: left in place, try again", where);
  }
  if (auto ok = s.take_out(item); !ok) return std::unexpected(ok.error());
  if (auto ok = s.record(event_fields(event::kQuarantined, item, {{"at", format_iso8601(now())}})); !ok)
    return std::unexpected(ok.error());
  s.step(Step::finished, item.original.path);
  item.state = ItemState::quarantined;
  return item;
}

// After a crash between "recorded" and "finished": the vault's copy was verified before the
// record was written, so the original may go, if it is still the same bytes.
Result<void> Vault::State::finish_quarantine(Item& item) {
  const auto& m = item.original;
  const auto at = format_iso8601(now());
  auto intact = blob_intact(m.sha256);
  if (!intact) return std::unexpected(intact.error());
  auto there = lstat_path(m.path);
  if (!there) return std::unexpected(there.error());
  bool original_there = false;
  if (there->exists && S_ISREG(there->st.st_mode)) {
    auto d = digest_file(m.path);
    original_there = d && d->sha256 == m.sha256;
  }
  if (!*intact) {
    if (!original_there)
      return fail(Errc::io_error, fmt::format("item {}: the original is gone and the vault's copy is damaged", item.id),
                  Where{m.path});
    recovery.actions.push_back(
        fmt::format("item {} ({}): the vault's copy is damaged; quarantine rolled back, the "
                    "original left in place",
                    item.id, m.path));
    return record(event_fields(event::kQuarantineRolledBack, item, {{"at", at}, {"reason", "copy damaged"}}));
  }
  std::string note;
  if (original_there) {
    if (auto ok = take_out(item); !ok) return ok;
    note = item.removal == Removal::rename ? "renamed the original" : "removed the original";
  } else if (there->exists) {
    note = "a different file now sits at the path; it was left alone";
  } else {
    note = "the original was already taken out";
  }
  recovery.actions.push_back(fmt::format("item {} ({}): quarantine finished; {}", item.id, m.path, note));
  if (auto ok = record(event_fields(event::kQuarantined, item, {{"at", at}, {"recovered", note}})); !ok) return ok;
  step(Step::finished, m.path);
  return {};
}

}  // namespace exray::vault
