// SPDX-License-Identifier: Apache-2.0
#include "exray/walk/walker.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>

#include "exray/match/glob.hpp"

namespace exray::walk {

namespace fs = std::filesystem;

std::string normalise_relative(std::string_view path) {
  std::string out;
  out.reserve(path.size() + 1);
  if (path.empty() || (path.front() != '/' && path.front() != '\\')) out += '/';
  for (const char c : path) out += c == '\\' ? '/' : c;
  return out;
}

namespace {

struct Folder {
  std::string path;
  std::string relative;  // "" for a root
  unsigned depth = 0;
  std::size_t root = 0;
  bool link = false;  // a root or a followed link: may itself be a symbolic link
  std::vector<std::pair<dev_t, ino_t>> ancestors;  // itself and every folder above it
};

struct Stat {
  bool ok = false;
  int error = 0;
  struct statx sx {};
};

Stat stat_at(int dir_fd, const char* name, bool follow) {
  Stat s;
  const int flags = follow ? 0 : AT_SYMLINK_NOFOLLOW;
  if (::statx(dir_fd, name, flags | AT_NO_AUTOMOUNT, STATX_BASIC_STATS | STATX_BTIME, &s.sx) == 0) {
    s.ok = true;
  } else {
    s.error = errno;
  }
  return s;
}

TimePoint to_time(const struct statx_timestamp& t) {
  return TimePoint(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::seconds(t.tv_sec) +
                                                                         std::chrono::nanoseconds(t.tv_nsec)));
}

FileEntry make_entry(std::string path, std::string relative, const struct statx& sx) {
  FileEntry e;
  e.path = std::move(path);
  e.relative = normalise_relative(relative);
  e.size = sx.stx_size;
  e.modified = to_time(sx.stx_mtime);
  if (sx.stx_mask & STATX_BTIME) e.created = to_time(sx.stx_btime);
  e.mode = sx.stx_mode;
  e.owner = sx.stx_uid;
  return e;
}

bool any_glob(const std::vector<std::string>& globs, std::string_view text) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return match::glob_match(g, text); });
}

std::string join(const std::string& dir, std::string_view name) {
  std::string out = dir;
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

void add(WalkSummary& to, const WalkSummary& from) {
  to.files += from.files;
  to.folders += from.folders;
  to.symlinks_skipped += from.symlinks_skipped;
  to.special_skipped += from.special_skipped;
  to.excluded += from.excluded;
  to.too_deep += from.too_deep;
  to.marked_skipped += from.marked_skipped;
  to.errors += from.errors;
}

// The shared state of one walk: a stack of folders still to list, and what was found.
class Walk {
 public:
  explicit Walk(const WalkOptions& options) : options_(options) {}

  void push(Folder folder) {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(folder));
    wake_.notify_one();
  }

  void run_worker() {
    std::vector<FileEntry> files;
    std::vector<Error> errors;
    WalkSummary counts;
    while (auto folder = next()) {
      list(*folder, files, errors, counts);
      done_one();
    }
    std::lock_guard lock(mutex_);
    for (auto& f : files) files_.push_back(std::move(f));
    for (auto& e : errors) errors_.push_back(std::move(e));
    add(summary_, counts);
  }

  std::vector<FileEntry>& files() { return files_; }
  std::vector<Error>& errors() { return errors_; }
  WalkSummary& summary() { return summary_; }

 private:

  std::optional<Folder> next() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [&] { return !pending_.empty() || busy_ == 0; });
    if (pending_.empty()) return std::nullopt;
    auto folder = std::move(pending_.back());
    pending_.pop_back();
    ++busy_;
    return folder;
  }

  void done_one() {
    std::lock_guard lock(mutex_);
    if (--busy_ == 0 && pending_.empty()) wake_.notify_all();
  }

  bool cancelled() const { return options_.cancel && options_.cancel->requested(); }

  void list(const Folder& folder, std::vector<FileEntry>& files, std::vector<Error>& errors, WalkSummary& counts) {
    if (cancelled()) return;
    // O_NOFOLLOW: a folder swapped for a link after we looked at it is not entered.
    const int fd = ::open(folder.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (folder.link ? 0 : O_NOFOLLOW));
    DIR* dir = fd >= 0 ? ::fdopendir(fd) : nullptr;
    if (!dir) {
      const int err = errno;
      if (fd >= 0) ::close(fd);
      ++counts.errors;
      errors.push_back(Error{Errc::io_error, std::string("cannot list folder: ") + std::strerror(err), Where{folder.path}});
      return;
    }
    if (!options_.skip_marker.empty() &&
        ::faccessat(fd, options_.skip_marker.c_str(), F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
      ++counts.marked_skipped;
      ::closedir(dir);
      return;
    }
    ++counts.folders;
    while (true) {
      errno = 0;
      const dirent* d = ::readdir(dir);
      if (!d) {
        if (errno != 0) {
          ++counts.errors;
          errors.push_back(Error{Errc::io_error, std::string("cannot list folder: ") + std::strerror(errno),
                                 Where{folder.path}});
        }
        break;
      }
      const std::string_view name(d->d_name);
      if (name == "." || name == "..") continue;
      visit(folder, name, ::dirfd(dir), files, errors, counts);
    }
    ::closedir(dir);
  }

  void visit(const Folder& folder, std::string_view name, int dir_fd, std::vector<FileEntry>& files,
             std::vector<Error>& errors, WalkSummary& counts) {
    std::string path = join(folder.path, name);
    std::string relative = folder.relative + "/" + std::string(name);
    const std::string c_name(name);
    auto st = stat_at(dir_fd, c_name.c_str(), false);
    if (!st.ok) {
      ++counts.errors;
      errors.push_back(Error{Errc::io_error, std::string("cannot read file status: ") + std::strerror(st.error),
                             Where{path}});
      return;
    }
    const bool link = S_ISLNK(st.sx.stx_mode);
    if (link) {
      if (!options_.follow_symlinks) {
        ++counts.symlinks_skipped;
        return;
      }
      st = stat_at(dir_fd, c_name.c_str(), true);
      if (!st.ok) {
        ++counts.symlinks_skipped;  // dangling
        return;
      }
    }
    const auto normal = normalise_relative(relative);
    if (S_ISDIR(st.sx.stx_mode)) {
      if (any_glob(options_.exclude, normal + "/")) {
        ++counts.excluded;
        return;
      }
      if (folder.depth + 1 > options_.max_depth) {
        ++counts.too_deep;
        ++counts.errors;
        errors.push_back(Error{Errc::limit_exceeded,
                               "folder not entered: deeper than the depth limit (--max-depth)", Where{path}});
        return;
      }
      // A folder that is its own ancestor (a link or bind mount pointing up) would never end.
      const auto id = std::pair<dev_t, ino_t>{makedev(st.sx.stx_dev_major, st.sx.stx_dev_minor), st.sx.stx_ino};
      if (std::find(folder.ancestors.begin(), folder.ancestors.end(), id) != folder.ancestors.end()) {
        ++counts.symlinks_skipped;
        ++counts.errors;
        errors.push_back(Error{Errc::limit_exceeded, "folder not entered: it loops back to a folder above it", Where{path}});
        return;
      }
      auto ancestors = folder.ancestors;
      ancestors.push_back(id);
      push(Folder{std::move(path), std::move(relative), folder.depth + 1, folder.root, link, std::move(ancestors)});
      return;
    }
    if (!S_ISREG(st.sx.stx_mode)) {
      ++counts.special_skipped;
      return;
    }
    if ((!options_.include.empty() && !any_glob(options_.include, normal)) || any_glob(options_.exclude, normal)) {
      ++counts.excluded;
      return;
    }
    ++counts.files;
    files.push_back(make_entry(std::move(path), relative, st.sx));
  }

  const WalkOptions& options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Folder> pending_;
  unsigned busy_ = 0;
  std::vector<FileEntry> files_;
  std::vector<Error> errors_;
  WalkSummary summary_;
};

}  // namespace

std::vector<FileEntry> walk(std::span<const std::string> roots, const WalkOptions& options, FindingSink& sink,
                            WalkSummary& summary) {
  Walk walk(options);
  std::vector<FileEntry> named;
  for (std::size_t r = 0; r < roots.size(); ++r) {
    const auto& root = roots[r];
    // A path named on the command line is followed even when it is a link: the user chose it.
    auto st = stat_at(AT_FDCWD, root.c_str(), true);
    if (!st.ok) {
      ++summary.errors;
      sink.on_error(Error{st.error == ENOENT ? Errc::not_found : Errc::io_error,
                          st.error == ENOENT ? "no such file or folder" : std::strerror(st.error), Where{root}});
      continue;
    }
    if (S_ISDIR(st.sx.stx_mode)) {
      walk.push(Folder{root, "", 0, r, true, {{makedev(st.sx.stx_dev_major, st.sx.stx_dev_minor), st.sx.stx_ino}}});
    } else if (S_ISREG(st.sx.stx_mode)) {
      auto e = make_entry(root, fs::path(root).filename().string(), st.sx);
      e.named = true;
      named.push_back(std::move(e));
      ++summary.files;
    } else {
      ++summary.special_skipped;
    }
  }
  const unsigned wanted = options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  {
    std::vector<std::jthread> threads;
    for (unsigned t = 1; t < wanted; ++t) threads.emplace_back([&] { walk.run_worker(); });
    walk.run_worker();
  }
  auto& files = walk.files();
  for (auto& e : named) files.push_back(std::move(e));
  std::sort(files.begin(), files.end(), [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  auto& errors = walk.errors();
  std::sort(errors.begin(), errors.end(), [](const Error& a, const Error& b) { return a.where.source < b.where.source; });
  for (const auto& e : errors) sink.on_error(e);
  add(summary, walk.summary());
  return std::move(files);
}

}  // namespace exray::walk
