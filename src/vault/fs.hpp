// SPDX-License-Identifier: Apache-2.0
// Private to vault: the few POSIX file operations the vault's ordering rests on, each reporting
// failure as a value. "Durable" below means: written, then fsync'd (and the folder too when a
// name changed), so a crash after the call cannot undo it.
#pragma once

#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "exray/core/digest.hpp"
#include "exray/core/error.hpp"

namespace exray::vault {

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] explicit operator bool() const noexcept { return fd_ >= 0; }
  void reset(int fd = -1) noexcept;

 private:
  int fd_ = -1;
};

// SHA-256, SHA-1 and MD5 of the same bytes, as lowercase hex.
struct Digests {
  std::string sha256, sha1, md5;
};
class Digester {
 public:
  void update(std::string_view bytes);
  [[nodiscard]] Digests finish();

 private:
  Digest sha256_{DigestAlgorithm::sha256}, sha1_{DigestAlgorithm::sha1}, md5_{DigestAlgorithm::md5};
};
[[nodiscard]] inline std::string sha256_hex(std::string_view bytes) {
  return digest_hex(DigestAlgorithm::sha256, bytes);
}

[[nodiscard]] Error os_error(std::string_view what, const std::filesystem::path& path, int error_number);

[[nodiscard]] Result<Fd> open_read_nofollow(const std::filesystem::path& path);
// Copies all of `from` into a new file `to` (which must not exist), hashing on the way, and
// flushes `to`. The file is created 0400: evidence is not to be edited in place.
[[nodiscard]] Result<Digests> copy_durably(int from, const std::filesystem::path& to, std::uint64_t& size);
// Hashes a whole file (not following a symlink at the end of the path).
[[nodiscard]] Result<Digests> digest_file(const std::filesystem::path& path);
[[nodiscard]] Result<void> fsync_dir(const std::filesystem::path& dir);
[[nodiscard]] Result<void> fsync_fd(int fd, const std::filesystem::path& path);
// Writes `bytes` to a temporary beside `path`, flushes it, renames it over `path`, flushes the folder.
[[nodiscard]] Result<void> replace_durably(const std::filesystem::path& path, std::string_view bytes);
[[nodiscard]] Result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& path);
// lstat; nullopt-like: `exists` false when the path names nothing.
struct Stat {
  bool exists = false;
  struct stat st {};
};
[[nodiscard]] Result<Stat> lstat_path(const std::filesystem::path& path);

}  // namespace exray::vault
