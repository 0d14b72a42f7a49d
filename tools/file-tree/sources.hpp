// SPDX-License-Identifier: Apache-2.0
// Where the tree's real bytes come from: a benign system folder (default /usr), the shared
// samples' benign ASP.NET markup (samples/benign) and their web shells (samples/webshells).
//
// Every list is sorted before anything is drawn from it, so that the tree depends on the seed
// and on the files present, never on the order in which readdir returns them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace filetree {

// What a benign file is, from its path alone (opening 100k+ files to sniff them would cost more
// than the rest of the walk): it decides which folders of the tree the bytes can go to.
enum class Category : std::uint8_t {
  kLibrary,     // *.so*, *.a: become DLLs
  kExecutable,  // files in bin/, sbin/, libexec/: become EXEs
  kPython,
  kPerl,
  kHeader,
  kLocale,  // *.mo: become .mui resources
  kWeb,     // html, js, css, images
  kDoc,     // share/doc, man pages, text
  kFont,
  kData,    // anything else
  kAspNet,  // samples/benign: ASP.NET markup and config
  kCount,
};
constexpr std::size_t kCategories = static_cast<std::size_t>(Category::kCount);

struct Source {
  std::string path;  // to open
  std::string rel;   // relative to its root ('/' separators): names derive from it
  std::uint64_t size = 0;
};

struct Sources {
  std::vector<Source> files;
  // Indexes into `files` per category, sorted by size then path: the planner looks sources up
  // by size.
  std::array<std::vector<std::uint32_t>, kCategories> by_category;
  // samples/webshells, sorted by path; their `rel` starts with "webshells/".
  std::vector<std::uint32_t> webshells;

  const std::vector<std::uint32_t>& of(Category c) const { return by_category[static_cast<std::size_t>(c)]; }
};

// Walks `benign_root` (regular, readable, non-empty files; symbolic links are neither followed
// nor copied) and `samples`/benign and `samples`/webshells when given. `excluded` folders and
// files (the output tree, its ground truth, the samples; canonical paths) are never taken as
// benign: a web shell copied as "benign"
// would be a detection the ground truth does not know about.
Sources collect_sources(const std::filesystem::path& benign_root, const std::optional<std::filesystem::path>& samples,
                        const std::vector<std::filesystem::path>& excluded);

}  // namespace filetree
