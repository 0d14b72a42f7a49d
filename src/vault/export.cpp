// SPDX-License-Identifier: Apache-2.0
// Vault::export_item: one item as a tar archive for investigators. The archive is built in
// `<out>.partial` and renamed to `<out>` only when complete, flushed and its copy re-hashed, so
// a file named `<out>` is always a whole, checked export. libarchive writes the tar (POSIX pax).
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>

#include "exray/core/time.hpp"
#include "vault_state.hpp"

namespace exray::vault {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunk = std::size_t{1} << 20U;

// What an investigator reads first: what the archive holds and how to check it.
std::string readme(const Item& item, const std::string& content_name) {
  return fmt::format(
      "exray evidence export of vault item {id}\n"
      "\n"
      "{content}\n"
      "                the exact bytes of {path} ({size} bytes).\n"
      "                It was found to be malicious ({rule}): do not place it where a web\n"
      "                server could run it.\n"
      "item.json       what the file was (path, size, hashes, owner, mode, times), the finding\n"
      "                that caused its quarantine, who quarantined it and when, and the vault's\n"
      "                manifest head when this export was made.\n"
      "manifest.jsonl  the vault's manifest lines for this item, byte for byte; each carries the\n"
      "                SHA-256 of the line before it in the vault's hash chain.\n"
      "SHA256SUMS      check the other files with `sha256sum -c SHA256SUMS`.\n",
      fmt::arg("id", item.id), fmt::arg("content", content_name), fmt::arg("path", item.original.path),
      fmt::arg("size", item.original.size),
      fmt::arg("rule", item.finding.rule.empty() ? "no rule recorded" : item.finding.rule));
}

Json item_json(const Item& item, const fs::path& vault, const std::optional<Head>& head, const std::string& content) {
  const auto& m = item.original;
  Json j;
  j["type"] = "vault-export";
  j["item"] = item.id;
  j["state"] = to_string(item.state);
  j["content"] = content;
  j["original"] = {{"path", m.path},        {"size", m.size},         {"sha256", m.sha256},
                   {"sha1", m.sha1},        {"md5", m.md5},           {"mode", fmt::format("{:04o}", m.mode)},
                   {"uid", m.uid},          {"gid", m.gid},           {"owner", m.owner},
                   {"group", m.group},      {"atime_ns", m.atime_ns}, {"mtime_ns", m.mtime_ns},
                   {"ctime_ns", m.ctime_ns}};
  j["finding"] = {{"id", item.finding.id},
                  {"rule", item.finding.rule},
                  {"kind", item.finding.kind},
                  {"severity", item.finding.severity}};
  j["quarantined_at"] = item.at;
  j["quarantined_by"] = item.by;
  j["removal"] = item.removal == Removal::rename ? "rename" : "remove";
  j["renamed_to"] = item.renamed_to;
  j["restored_at"] = item.restored_at;
  j["vault"] = vault.string();
  j["manifest_head"] = head ? Json{{"records", head->records}, {"last", head->last}} : Json();
  j["exported_at"] = format_iso8601(now());
  j["exported_by"] = actor_name();
  return j;
}

// libarchive's writer over an open file, reporting failures as exray errors.
class TarWriter {
 public:
  TarWriter(int fd, fs::path path) : archive_(archive_write_new()), path_(std::move(path)) {
    if (archive_ == nullptr || archive_write_set_format_pax_restricted(archive_) != ARCHIVE_OK ||
        archive_write_open_fd(archive_, fd) != ARCHIVE_OK)
      failed_ = true;
  }
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;
  ~TarWriter() {
    if (archive_ != nullptr) archive_write_free(archive_);
  }

  [[nodiscard]] Result<void> header(const std::string& name, std::uint64_t size, mode_t perm, std::int64_t mtime_ns) {
    if (failed_) return error("cannot start the archive");
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), perm);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
    archive_entry_set_mtime(entry.get(), mtime_ns / 1'000'000'000, mtime_ns % 1'000'000'000);
    if (archive_write_header(archive_, entry.get()) != ARCHIVE_OK) return error("cannot write " + name);
    return {};
  }
  [[nodiscard]] Result<void> data(std::string_view bytes) {
    if (archive_write_data(archive_, bytes.data(), bytes.size()) != static_cast<la_ssize_t>(bytes.size()))
      return error("cannot write");
    return {};
  }
  [[nodiscard]] Result<void> file(const std::string& name, std::string_view bytes, std::int64_t mtime_ns) {
    if (auto ok = header(name, bytes.size(), 0444, mtime_ns); !ok) return ok;
    return data(bytes);
  }
  [[nodiscard]] Result<void> close() {
    if (archive_write_close(archive_) != ARCHIVE_OK) return error("cannot finish");
    return {};
  }

 private:
  Result<void> error(const std::string& what) const {
    const char* detail = archive_ != nullptr ? archive_error_string(archive_) : nullptr;
    return fail(Errc::io_error, fmt::format("{} the archive: {}", what, detail != nullptr ? detail : "out of memory"),
                Where{path_.string()});
  }

  struct archive* archive_;
  fs::path path_;
  bool failed_ = false;
};

// Streams the blob into the archive, hashing as it goes: what is exported is what was recorded.
Result<void> add_content(TarWriter& tar, const std::string& name, const fs::path& blob, const FileMeta& m) {
  auto fd = open_read_nofollow(blob);
  if (!fd) return std::unexpected(fd.error());
  if (auto ok = tar.header(name, m.size, 0400, m.mtime_ns); !ok) return ok;
  Digester digester;
  std::string buffer(kChunk, '\0');
  std::uint64_t total = 0;
  for (;;) {
    const auto n = ::read(fd->get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::unexpected(os_error("cannot read", blob, errno));
    if (n == 0) break;
    const auto chunk = std::string_view(buffer.data(), static_cast<std::size_t>(n));
    total += chunk.size();
    if (total > m.size) break;  // longer than recorded: reported below, never written past the header
    digester.update(chunk);
    if (auto ok = tar.data(chunk); !ok) return ok;
  }
  const auto digests = digester.finish();
  if (total != m.size || digests.sha256 != m.sha256)
    return fail(Errc::invalid_argument,
                fmt::format("the vault's copy of item {} was changed (it no longer hashes to {}); nothing exported "
                            "(see `exray vault verify`)",
                            m.path, m.sha256),
                Where{blob.string()});
  return {};
}

}  // namespace

Result<ExportSummary> Vault::export_item(const std::string& id, const fs::path& out) const {
  auto item = find(id);
  if (!item) return std::unexpected(item.error());
  if (item->state == ItemState::rolled_back)
    return fail(Errc::invalid_argument,
                fmt::format("item {} was rolled back: the vault kept nothing of {}", item->id, item->original.path));
  const auto read = read_manifest(state_->dir);
  std::string lines;
  for (const auto& r : read.records)
    if (r.body.value("item", "") == item->id) lines += r.line + "\n";

  auto st = lstat_path(out);
  if (!st) return std::unexpected(st.error());
  if (st->exists) return fail(Errc::invalid_argument, "already exists; exports never overwrite", Where{out.string()});
  fs::path partial = out;
  partial += ".partial";
  Fd fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return std::unexpected(os_error("cannot create", partial, errno));

  const auto& m = item->original;
  const std::string folder = fmt::format("exray-evidence-{}/", item->id);
  const std::string content = "content/" + m.sha256 + ".bin";
  const std::string item_text = item_json(*item, state_->dir, read.head, content).dump(2) + "\n";
  const std::string readme_text = readme(*item, content);
  const std::string sums = fmt::format("{}  {}\n{}  item.json\n{}  manifest.jsonl\n{}  README.txt\n", m.sha256, content,
                                       sha256_hex(item_text), sha256_hex(lines), sha256_hex(readme_text));
  const auto now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();

  auto written = [&]() -> Result<void> {
    TarWriter tar(fd.get(), partial);
    if (auto ok = tar.file(folder + "README.txt", readme_text, now_ns); !ok) return ok;
    if (auto ok = tar.file(folder + "item.json", item_text, now_ns); !ok) return ok;
    if (auto ok = tar.file(folder + "manifest.jsonl", lines, now_ns); !ok) return ok;
    if (auto ok = add_content(tar, folder + content, state_->blob(m.sha256), m); !ok) return ok;
    if (auto ok = tar.file(folder + "SHA256SUMS", sums, now_ns); !ok) return ok;
    if (auto ok = tar.close(); !ok) return ok;
    if (auto ok = fsync_fd(fd.get(), partial); !ok) return ok;
    if (::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, out.c_str(), RENAME_NOREPLACE) != 0)
      return std::unexpected(os_error("cannot rename the finished export to", out, errno));
    return fsync_dir(fs::absolute(out).parent_path());
  }();
  if (!written) {
    ::unlink(partial.c_str());  // our own half-written archive, never anything else
    return std::unexpected(written.error());
  }
  auto size = lstat_path(out);
  return ExportSummary{item->id, folder, size && size->exists ? static_cast<std::uint64_t>(size->st.st_size) : 0};
}

}  // namespace exray::vault
