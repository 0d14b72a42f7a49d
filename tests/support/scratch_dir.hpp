// SPDX-License-Identifier: Apache-2.0
// A fresh, private folder for one test, removed with everything in it when the test ends.
// CTest runs tests in parallel processes, so a fixed folder name would let one test delete
// another's files mid-run: mkdtemp gives every instance its own.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace exray::testing {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name = "test") {
    auto pattern = (std::filesystem::temp_directory_path() / ("exray-" + name + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
    // mkdtemp makes it 0700; tests that drop to an unprivileged user must still be able to walk it.
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                            std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                            std::filesystem::perms::others_exec);
  }
  ~ScratchDir() {
    std::error_code ec;
    // Tests lock folders to provoke errors; unlock everything so the removal cannot fail.
    for (std::filesystem::recursive_directory_iterator it(path_, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec)) std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& relative) const { return path_ / relative; }

 private:
  std::filesystem::path path_;
};

}  // namespace exray::testing
