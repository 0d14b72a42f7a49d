// SPDX-License-Identifier: Apache-2.0
#include "exray/core/file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
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

Result<std::vector<std::filesystem::path>> list_files(const std::filesystem::path& path,
                                                    std::span<const std::string_view> extensions,
                                                    std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return std::vector<fs::path>{path};
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    const auto ext = it->path().extension().string();
    const bool wanted = std::any_of(extensions.begin(), extensions.end(), [&](std::string_view e) {
      return ext.size() == e.size() && std::equal(ext.begin(), ext.end(), e.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
             });
    });
    if (wanted && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return fail(Errc::io_error, fmt::format("cannot list {} folder: {}", what, ec.message()), Where{path.string()});
  std::sort(files.begin(), files.end());
  if (files.empty())
    return fail(Errc::not_found, fmt::format("no {} files ({}) in this folder", what, fmt::join(extensions, ", ")),
                Where{path.string()});
  return files;
}

}  // namespace exray
