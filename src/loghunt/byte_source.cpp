// SPDX-License-Identifier: Apache-2.0
#include "exray/loghunt/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace exray::loghunt {

namespace {

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
  FdCloser(int f) : fd(f) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
};

class FileSource final : public ByteSource {
 public:
  explicit FileSource(int fd) : fd_(fd) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    while (true) {
      const auto n = ::read(fd_.fd, buffer, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) return fail(Errc::io_error, std::string("read failed: ") + std::strerror(errno));
    }
  }

 private:
  FdCloser fd_;
};

struct GzCloser {
  void operator()(gzFile_s* f) const noexcept { gzclose(f); }
};

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(gzFile file) : file_(file) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    // gzread takes an unsigned count; ask for at most 1 GiB at a time.
    const auto want = static_cast<unsigned>(std::min<std::size_t>(size, 1U << 30));
    const int n = gzread(file_.get(), buffer, want);
    int code = Z_OK;
    const char* message = gzerror(file_.get(), &code);
    // A cut-short stream ends with 0 bytes and Z_BUF_ERROR ("unexpected end of file"), not -1.
    if (n > 0 || (n == 0 && code == Z_OK)) return static_cast<std::size_t>(n);
    std::string_view text = message ? message : "unknown error";
    // zlib prefixes the file it was given, here "<fd:N>: ", which means nothing to a user.
    if (text.starts_with("<fd:"))
      if (auto colon = text.find(": "); colon != std::string_view::npos) text.remove_prefix(colon + 2);
    return fail(Errc::parse_error, fmt::format("gzip data is corrupt: {}", text));
  }

 private:
  std::unique_ptr<gzFile_s, GzCloser> file_;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : rest_(bytes) {}
  Result<std::size_t> read(char* buffer, std::size_t size) override {
    const auto n = std::min(size, rest_.size());
    std::memcpy(buffer, rest_.data(), n);
    rest_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view rest_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_byte_source(const std::filesystem::path& path) {
  FdCloser fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.fd < 0) return fail(Errc::io_error, std::string("cannot open: ") + std::strerror(errno));
  // A FIFO or device must not block the hunt: read only regular files.
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode)) return fail(Errc::io_error, "not a regular file");
  ::fcntl(fd.fd, F_SETFL, 0);
  ::posix_fadvise(fd.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  unsigned char magic[2] = {0, 0};
  const auto n = ::pread(fd.fd, magic, 2, 0);
  if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    gzFile file = gzdopen(fd.fd, "rb");
    if (!file) return fail(Errc::io_error, "cannot open gzip stream");
    fd.fd = -1;  // gzclose owns it now
    gzbuffer(file, 256 * 1024);
    return std::make_unique<GzipSource>(file);
  }
  auto source = std::make_unique<FileSource>(fd.fd);
  fd.fd = -1;
  return source;
}

std::unique_ptr<ByteSource> memory_byte_source(std::string_view bytes) { return std::make_unique<MemorySource>(bytes); }

}  // namespace exray::loghunt
