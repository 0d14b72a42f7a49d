// SPDX-License-Identifier: Apache-2.0
// Where YARA rule text comes from: the embedded rules/yara/ files and the user's --yara paths.

#include "exray/core/embedded.hpp"
#include "exray/core/file.hpp"
#include "exray/filescan/file_scanner.hpp"

namespace exray {
std::span<const EmbeddedFile> builtin_yara_files();  // generated from rules/yara by cmake/embed.cmake
}

namespace exray::filescan {

std::vector<YaraSource> builtin_yara_sources() {
  std::vector<YaraSource> out;
  // Not a path on disk: libyara compiles the text, and the label names it in messages.
  for (const auto& file : builtin_yara_files())
    out.push_back(YaraSource{"exray", "builtin:rules/yara/" + std::string(file.name), std::string(file.data)});
  return out;
}

Result<std::vector<YaraSource>> load_yara_path(const std::string& path) {
  static constexpr std::string_view kExtensions[] = {".yar", ".yara"};
  auto files = list_files(path, kExtensions, "YARA rule");
  if (!files) return std::unexpected(files.error());
  std::vector<YaraSource> out;
  for (const auto& file : *files) {
    auto text = read_small_file(file, std::size_t{64} << 20);
    if (!text) return std::unexpected(text.error());
    // One namespace for all user rules, as the yara command line does, so they may refer to
    // each other across files.
    out.push_back(YaraSource{"user", file.string(), std::move(*text)});
  }
  return out;
}

}  // namespace exray::filescan
