// SPDX-License-Identifier: Apache-2.0
// The walk of the benign source and the samples, and the category of each file.
#include "sources.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <tuple>

namespace filetree {
namespace {

namespace fs = std::filesystem;

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(), [&](std::string_view x) { return s.ends_with(x); });
}

// The first matching rule wins; `rel` is relative to the benign root, e.g. "lib/python3.11/os.py".
Category classify(std::string_view rel) {
  const auto slash = rel.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  // Compressed first: a gzipped changelog must not become a .log (an archive named .log is one of
  // the planted suspicious files, and stray ones would be findings the ground truth lacks).
  if (ends_with_any(name, {".gz", ".xz", ".bz2", ".zst", ".zip", ".jar", ".lz4"})) return Category::kData;
  if (name.ends_with(".mo")) return Category::kLocale;
  if (name.ends_with(".py")) return Category::kPython;
  if (ends_with_any(name, {".pm", ".pl", ".pod"})) return Category::kPerl;
  if (ends_with_any(name, {".h", ".hpp", ".hxx", ".hh"})) return Category::kHeader;
  if (ends_with_any(name, {".ttf", ".otf", ".pfb", ".woff", ".woff2"})) return Category::kFont;
  if (ends_with_any(name, {".html", ".htm", ".js", ".css", ".svg", ".png", ".gif", ".jpg", ".jpeg", ".ico"}))
    return Category::kWeb;
  if (name.ends_with(".so") || name.find(".so.") != std::string_view::npos || name.ends_with(".a"))
    return Category::kLibrary;
  if (rel.starts_with("bin/") || rel.starts_with("sbin/") || rel.starts_with("libexec/") ||
      rel.find("/bin/") != std::string_view::npos || rel.find("/sbin/") != std::string_view::npos)
    return Category::kExecutable;
  if (rel.starts_with("share/doc/") || rel.starts_with("share/man/") || rel.starts_with("share/info/") ||
      ends_with_any(name, {".txt", ".md", ".rst"}) || name.starts_with("README"))
    return Category::kDoc;
  return Category::kData;
}

struct Found {
  std::string path, rel;
  std::uint64_t size;
};

// Regular, readable, non-empty files under `root`, symbolic links skipped (a link into /proc or
// to a device would hang or explode the copy), folders in `excluded` and on other file systems
// not entered.
std::vector<Found> walk(const fs::path& root, const std::vector<fs::path>& excluded) {
  const auto is_excluded = [&](const fs::path& p) {
    return std::any_of(excluded.begin(), excluded.end(), [&](const fs::path& x) { return x.native() == p.native(); });
  };
  std::vector<Found> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) throw std::runtime_error("cannot read " + root.string() + ": " + ec.message());
  const auto prefix = root.string().size() + (root.string().ends_with('/') ? 0 : 1);
  struct stat root_st {};
  if (::stat(root.c_str(), &root_st) != 0) throw std::runtime_error("cannot read " + root.string());
  const auto root_dev = root_st.st_dev;
  for (; it != end; it.increment(ec)) {
    if (ec) {  // a folder that vanished or cannot be listed: skip it, keep walking
      ec.clear();
      continue;
    }
    const auto type = it->symlink_status(ec).type();
    if (ec) continue;
    if (type == fs::file_type::directory) {
      // Stay on the root's file system, as find -xdev: with --benign-source / the walk must not
      // enter /proc or /sys, whose files claim sizes they do not have (/proc/kcore: 128 TB).
      struct stat st {};
      if (is_excluded(it->path()) || ::lstat(it->path().c_str(), &st) != 0 || st.st_dev != root_dev)
        it.disable_recursion_pending();
      continue;
    }
    if (type != fs::file_type::regular || is_excluded(it->path())) continue;
    const auto size = it->file_size(ec);
    if (ec || size == 0) continue;
    std::string path = it->path().string();
    if (::faccessat(AT_FDCWD, path.c_str(), R_OK, AT_EACCESS) != 0) continue;
    std::string rel = path.substr(std::min(prefix, path.size()));
    found.push_back({std::move(path), std::move(rel), size});
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.rel < b.rel; });
  return found;
}

// The samples folders document themselves (README.md, index.csv at their top): not samples.
bool is_sample_doc(std::string_view rel) { return rel == "README.md" || rel == "index.csv"; }

}  // namespace

Sources collect_sources(const fs::path& benign_root, const std::optional<fs::path>& samples,
                        const std::vector<fs::path>& excluded) {
  Sources s;
  auto add = [&](Found&& f, std::string rel) {
    const auto index = static_cast<std::uint32_t>(s.files.size());
    s.files.push_back({std::move(f.path), std::move(rel), f.size});
    return index;
  };
  for (auto& f : walk(benign_root, excluded)) {
    const auto c = classify(f.rel);
    s.by_category[static_cast<std::size_t>(c)].push_back(add(std::move(f), f.rel));
  }
  auto walk_samples = [&](const char* folder) {
    std::error_code ec;
    return fs::is_directory(*samples / folder, ec) ? walk(*samples / folder, {}) : std::vector<Found>{};
  };
  if (samples) {
    for (auto& f : walk_samples("benign"))
      if (!is_sample_doc(f.rel))
        s.by_category[static_cast<std::size_t>(Category::kAspNet)].push_back(add(std::move(f), f.rel));
    for (auto& f : walk_samples("webshells"))
      if (!is_sample_doc(f.rel)) s.webshells.push_back(add(std::move(f), "webshells/" + f.rel));
  }
  for (auto& list : s.by_category)
    std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::tie(s.files[a].size, s.files[a].rel) < std::tie(s.files[b].size, s.files[b].rel);
    });
  return s;
}

}  // namespace filetree
