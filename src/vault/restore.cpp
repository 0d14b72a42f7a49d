// SPDX-License-Identifier: Apache-2.0
// Restore: record first, then write the exact bytes and metadata beside the original path and
// rename them into place. The vault keeps its copy.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "exray/core/time.hpp"
#include "vault_state.hpp"

namespace exray::vault {
namespace {

namespace fs = std::filesystem;

fs::path temporary_for(const fs::path& path) {
  return path.parent_path() / ("." + path.filename().string() + ".exray-restore");
}

timespec to_timespec(std::int64_t ns) {
  return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

// What sits at `path` now: nothing, the item's bytes, or something else (its SHA-256).
struct AtPath {
  bool exists = false;
  bool regular = false;
  std::string sha256;
};
Result<AtPath> look_at(const fs::path& path) {
  auto s = lstat_path(path);
  if (!s) return std::unexpected(s.error());
  AtPath at{s->exists, s->exists && S_ISREG(s->st.st_mode), {}};
  if (at.regular) {
    auto d = digest_file(path);
    if (!d) return std::unexpected(d.error());
    at.sha256 = d->sha256;
  }
  return at;
}

}  // namespace

Result<void> Vault::State::put_back(const Item& item) {
  const auto& m = item.original;
  const fs::path path = m.path;
  const auto tmp_path = temporary_for(path);
  ::unlink(tmp_path.c_str());  // left by an interrupted restore
  auto source = open_read_nofollow(blob(m.sha256));
  if (!source) return std::unexpected(source.error());
  {
    // Created with no permissions; the recorded mode goes on once the bytes are complete.
    Fd out(::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0));
    if (!out) return std::unexpected(os_error("cannot create", tmp_path, errno));
    std::vector<char> buffer(1U << 16U);
    for (;;) {
      const auto n = ::read(source->get(), buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return std::unexpected(os_error("cannot read the vault's copy", blob(m.sha256), errno));
      if (n == 0) break;
      if (auto ok = write_all(out.get(), std::string_view(buffer.data(), static_cast<std::size_t>(n)), tmp_path); !ok)
        return ok;
    }
    // Owner only when we may set it (root); the record keeps it either way.
    if (::geteuid() == 0 && ::fchown(out.get(), m.uid, m.gid) != 0)
      return std::unexpected(os_error("cannot set the owner", tmp_path, errno));
    if (::fchmod(out.get(), static_cast<mode_t>(m.mode)) != 0)
      return std::unexpected(os_error("cannot set the mode", tmp_path, errno));
    const timespec times[2] = {to_timespec(m.atime_ns), to_timespec(m.mtime_ns)};
    if (::futimens(out.get(), times) != 0) return std::unexpected(os_error("cannot set the times", tmp_path, errno));
    if (auto ok = fsync_fd(out.get(), tmp_path); !ok) return ok;
  }
  step(Step::written, m.path);
  if (::rename(tmp_path.c_str(), path.c_str()) != 0) return std::unexpected(os_error("cannot rename", tmp_path, errno));
  if (auto ok = fsync_dir(path.parent_path()); !ok) return ok;
  step(Step::placed, m.path);
  // The renamed original, if the item was neutralised that way, is now a duplicate.
  if (item.removal == Removal::rename) {
    auto renamed = look_at(item.renamed_to);
    if (renamed && renamed->regular && renamed->sha256 == m.sha256) {
      ::unlink(item.renamed_to.c_str());
      if (auto ok = fsync_dir(path.parent_path()); !ok) return ok;
    }
  }
  return {};
}

Result<Item> Vault::restore(const std::string& id, bool replace) {
  State& s = *state_;
  auto found = find(id);
  if (!found) return std::unexpected(found.error());
  Item* item = s.folder.find(found->id);
  const auto& m = item->original;
  const Where where{m.path};
  if (item->state != ItemState::quarantined)
    return fail(Errc::invalid_argument, fmt::format("item {} is {}, not quarantined", item->id, to_string(item->state)),
                where);
  auto intact = s.blob_intact(m.sha256);
  if (!intact) return std::unexpected(intact.error());
  if (!*intact) return fail(Errc::io_error, "the vault's copy is damaged; see `exray vault verify`", where);
  std::error_code ec;
  if (!fs::is_directory(fs::path(m.path).parent_path(), ec))
    return fail(Errc::not_found, "its folder no longer exists; create it first", where);
  auto at = look_at(m.path);
  if (!at) return std::unexpected(at.error());
  Json extra{{"at", format_iso8601(now())}, {"by", s.options.actor}};
  if (at->exists && at->sha256 != m.sha256) {
    if (!at->regular) return fail(Errc::invalid_argument, "something other than a file sits at the path", where);
    if (!replace)
      return fail(Errc::invalid_argument,
                  fmt::format("a different file sits at the path (SHA-256 {}); --replace keeps it in the vault and "
                              "puts the original back",
                              at->sha256),
                  where);
    auto fd = open_read_nofollow(m.path);
    if (!fd) return std::unexpected(fd.error());
    std::uint64_t size = 0;
    auto kept = s.store_blob(fd->get(), m.path, at->sha256, size);
    if (!kept) return std::unexpected(kept.error());
    extra["replaced_sha256"] = kept->sha256;
    extra["replaced_size"] = size;
  }
  if (auto ok = s.record(event_fields(event::kRestore, *item, extra)); !ok) return std::unexpected(ok.error());
  s.step(Step::recorded, m.path);
  if (!(at->exists && at->sha256 == m.sha256))
    if (auto ok = s.put_back(*item); !ok) return std::unexpected(ok.error());
  if (auto ok = s.record(event_fields(event::kRestored, *item, {{"at", format_iso8601(now())}})); !ok)
    return std::unexpected(ok.error());
  s.step(Step::finished, m.path);
  return *item;
}

// After a crash between "recorded" and "finished".
Result<void> Vault::State::finish_restore(Item& item, const Json& restore_record) {
  const auto& m = item.original;
  const auto now_text = format_iso8601(now());
  auto at = look_at(m.path);
  if (!at) return std::unexpected(at.error());
  const auto replaced = restore_record.value("replaced_sha256", std::string());
  if (at->exists && at->sha256 != m.sha256 && at->sha256 != replaced) {
    // Something new appeared that the user never agreed to replace: leave it, undo the restore.
    ::unlink(temporary_for(m.path).c_str());
    recovery.actions.push_back(
        fmt::format("item {} ({}): restore rolled back, a different file appeared at the path", item.id, m.path));
    return record(event_fields(event::kRestoreRolledBack, item,
                               {{"at", now_text}, {"reason", "a different file appeared at the path"}}));
  }
  if (!(at->exists && at->sha256 == m.sha256))
    if (auto ok = put_back(item); !ok) return ok;
  ::unlink(temporary_for(m.path).c_str());
  recovery.actions.push_back(fmt::format("item {} ({}): restore finished", item.id, m.path));
  if (auto ok = record(event_fields(event::kRestored, item, {{"at", now_text}, {"recovered", true}})); !ok) return ok;
  step(Step::finished, m.path);
  return {};
}

}  // namespace exray::vault
