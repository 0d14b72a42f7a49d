// SPDX-License-Identifier: Apache-2.0
#include "fs.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace exray::vault {
namespace {

constexpr std::size_t kChunk = 1U << 16U;

}  // namespace

void Fd::reset(int fd) noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

void Digester::update(std::string_view bytes) {
  for (auto* digest : {&sha256_, &sha1_, &md5_}) digest->update(bytes);
}

Digests Digester::finish() { return Digests{to_hex(sha256_.finish()), to_hex(sha1_.finish()), to_hex(md5_.finish())}; }

Error os_error(std::string_view what, const std::filesystem::path& path, int error_number) {
  return Error{Errc::io_error, fmt::format("{}: {}", what, std::strerror(error_number)), Where{path.string()}};
}

Result<Fd> open_read_nofollow(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd) {
    const int e = errno;
    if (e == ELOOP) return fail(Errc::invalid_argument, "is a symbolic link: refused", Where{path.string()});
    return std::unexpected(os_error("cannot open", path, e));
  }
  return fd;
}

Result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(os_error("cannot write", path, errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<void> fsync_fd(int fd, const std::filesystem::path& path) {
  if (::fsync(fd) != 0) return std::unexpected(os_error("cannot flush", path, errno));
  return {};
}

Result<void> fsync_dir(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return std::unexpected(os_error("cannot open folder", dir, errno));
  return fsync_fd(fd.get(), dir);
}

Result<Digests> copy_durably(int from, const std::filesystem::path& to, std::uint64_t& size) {
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0400));
  if (!out) return std::unexpected(os_error("cannot create", to, errno));
  Digester digester;
  std::vector<char> buffer(kChunk);
  size = 0;
  for (;;) {
    const auto n = ::read(from, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(os_error("cannot read the original", to, errno));
    }
    if (n == 0) break;
    const std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
    digester.update(chunk);
    if (auto ok = write_all(out.get(), chunk, to); !ok) return std::unexpected(ok.error());
    size += static_cast<std::uint64_t>(n);
  }
  if (auto ok = fsync_fd(out.get(), to); !ok) return std::unexpected(ok.error());
  return digester.finish();
}

Result<Digests> digest_file(const std::filesystem::path& path) {
  auto fd = open_read_nofollow(path);
  if (!fd) return std::unexpected(fd.error());
  Digester digester;
  std::vector<char> buffer(kChunk);
  for (;;) {
    const auto n = ::read(fd->get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(os_error("cannot read", path, errno));
    }
    if (n == 0) break;
    digester.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
  return digester.finish();
}

Result<void> replace_durably(const std::filesystem::path& path, std::string_view bytes) {
  auto tmp = path;
  tmp += ".tmp";
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) return std::unexpected(os_error("cannot create", tmp, errno));
    if (auto ok = write_all(fd.get(), bytes, tmp); !ok) return ok;
    if (auto ok = fsync_fd(fd.get(), tmp); !ok) return ok;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return std::unexpected(os_error("cannot rename", tmp, errno));
  return fsync_dir(path.parent_path());
}

Result<Stat> lstat_path(const std::filesystem::path& path) {
  Stat s;
  if (::lstat(path.c_str(), &s.st) == 0) {
    s.exists = true;
    return s;
  }
  if (errno == ENOENT) return s;
  return std::unexpected(os_error("cannot examine", path, errno));
}

}  // namespace exray::vault
