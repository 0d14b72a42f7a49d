// SPDX-License-Identifier: Apache-2.0
#include "exray/core/file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace exray {
namespace {
struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
}  // namespace

Result<std::string> read_small_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fail(Errc::invalid_argument, "is a directory, not a file", Where{path.string()});
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return fail(Errc::io_error, std::strerror(errno), Where{path.string()});
  std::string data;
  char buffer[1U << 16U];
  for (;;) {
    auto n = std::fread(buffer, 1, sizeof buffer, file.get());
    if (n == 0) break;
    if (data.size() + n > max_bytes)
      return fail(Errc::limit_exceeded, fmt::format("larger than {} bytes", max_bytes), Where{path.string()});
    data.append(buffer, n);
  }
  if (std::ferror(file.get())) return fail(Errc::io_error, std::strerror(errno), Where{path.string()});
  return data;
}

}  // namespace exray
