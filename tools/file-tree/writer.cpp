// SPDX-License-Identifier: Apache-2.0
// Folders, file contents, ground truth.
#include "writer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "exchange-logs/rng.hpp"
#include "synthetic.hpp"

namespace filetree {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void io_error(std::string_view what, const std::string& path) {
  throw std::runtime_error(std::string(what) + " " + path + ": " + std::strerror(errno));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void write_all(int fd, const char* data, std::size_t n, const std::string& path) {
  while (n > 0) {
    const auto w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) io_error("cannot write", path);
    data += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Appends the first `length` bytes of `src` to `dst`; returns how many there were (fewer if the
// source shrank since the walk).
std::uint64_t copy_prefix(int src, int dst, std::uint64_t length, const std::string& dst_path) {
  std::uint64_t done = 0;
  // copy_file_range first (in-kernel, no user-space copy); sendfile where it is refused (across
  // file systems on some kernels); read/write as the last resort.
  bool use_cfr = true, use_sendfile = true;
  while (done < length) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(length - done, 1u << 30));
    ssize_t n = -1;
    if (use_cfr) {
      loff_t off = static_cast<loff_t>(done);
      n = ::copy_file_range(src, &off, dst, nullptr, want, 0);
      if (n < 0 && errno != EINTR) {
        use_cfr = false;
        continue;
      }
    } else if (use_sendfile) {
      off_t off = static_cast<off_t>(done);
      n = ::sendfile(dst, src, &off, want);
      if (n < 0 && errno != EINTR) {
        use_sendfile = false;
        continue;
      }
    } else {
      static thread_local std::vector<char> buf(1u << 20);
      n = ::pread(src, buf.data(), std::min(want, buf.size()), static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return done;  // unreadable after all: the caller fills the rest
      write_all(dst, buf.data(), static_cast<std::size_t>(n), dst_path);
    }
    if (n < 0) continue;  // EINTR
    if (n == 0) break;    // the source is shorter than at the walk
    done += static_cast<std::uint64_t>(n);
  }
  return done;
}

// Hands out the plan's files to the threads, one at a time; the first error stops them all.
class Writer {
 public:
  Writer(const fs::path& out, const Plan& plan, const Sources& sources) : out_(out), plan_(plan), sources_(sources) {}

  void run() {
    for (std::size_t i; !failed_ && (i = next_++) < plan_.files.size();) {
      try {
        write_file(plan_.files[i]);
      } catch (...) {
        const std::lock_guard lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
        failed_ = true;
      }
    }
  }
  std::exception_ptr error() const { return error_; }
  std::uint64_t unreadable() const { return unreadable_; }

 private:
  void write_file(const FileSpec& f) {
    const auto path = (out_ / f.rel).string();
    Fd dst(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (dst.get() < 0) io_error("cannot create", path);
    if (f.synthetic != Synthetic::kNone) {
      const auto bytes = synthesize(f);
      write_all(dst.get(), bytes.data(), bytes.size(), path);
      return;
    }
    for (const auto& piece : f.pieces) {
      const auto& src_path = sources_.files[piece.source].path;
      Fd src(::open(src_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
      const auto done = src.get() < 0 ? 0 : copy_prefix(src.get(), dst.get(), piece.length, path);
      if (done < piece.length) {
        // Keep the planned size so that the totals hold; such a tree is not reproducible,
        // which the summary says.
        ++unreadable_;
        exlogs::Rng rng(piece.length ^ piece.source);
        std::vector<std::uint64_t> noise((piece.length - done + 7) / 8);
        for (auto& v : noise) v = rng.next();
        write_all(dst.get(), reinterpret_cast<const char*>(noise.data()), piece.length - done, path);
      }
    }
  }

  const fs::path& out_;
  const Plan& plan_;
  const Sources& sources_;
  std::atomic<std::size_t> next_{0};
  std::atomic<std::uint64_t> unreadable_{0};
  std::atomic<bool> failed_{false};
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out.push_back(c);  // UTF-8 passes through; sample names hold Chinese characters
    }
  }
  out.push_back('"');
}

}  // namespace

WriteStats write_tree(const fs::path& out, const Plan& plan, const Sources& sources, unsigned threads) {
  WriteStats stats;
  std::set<std::string> dirs;  // sorted: parents before children
  for (const auto& f : plan.files)
    for (auto slash = f.rel.find('/'); slash != std::string::npos; slash = f.rel.find('/', slash + 1))
      dirs.insert(f.rel.substr(0, slash));
  for (const auto& d : dirs) {
    const auto path = (out / d).string();
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) io_error("cannot create", path);
  }
  stats.folders = dirs.size();

  Writer writer{out, plan, sources};
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < std::max(1u, threads); ++t) pool.emplace_back([&] { writer.run(); });
  pool.clear();  // joins
  if (writer.error()) std::rethrow_exception(writer.error());
  stats.files = plan.files.size();
  stats.bytes = plan.bytes;
  stats.unreadable = writer.unreadable();
  return stats;
}

void write_truth(const fs::path& path, std::vector<Truth> truth) {
  std::sort(truth.begin(), truth.end(), [](const Truth& a, const Truth& b) { return a.path < b.path; });
  std::string text;
  for (const auto& t : truth) {
    text += "{\"path\":";
    append_json_string(text, t.path);
    text += ",\"kind\":";
    append_json_string(text, t.kind);
    text += ",\"source\":";
    append_json_string(text, t.source);
    text += "}\n";
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!file) io_error("cannot create", path.string());
  if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size()) io_error("cannot write", path.string());
  if (std::fclose(file.release()) != 0) io_error("cannot write", path.string());
}

}  // namespace filetree
