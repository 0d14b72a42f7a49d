// SPDX-License-Identifier: Apache-2.0
#include "exray/core/embedded.hpp"
#include "exray/filescan/ioc.hpp"

namespace exray {
std::span<const EmbeddedFile> builtin_ioc_files();  // generated from rules/iocs by cmake/embed.cmake
}

namespace exray::filescan {

Result<IocSet> builtin_iocs() {
  IocSet set;
  for (const auto& file : builtin_ioc_files()) {
    auto parsed = parse_ioc_file(file.data, "rules/iocs/" + std::string(file.name));
    if (!parsed) return std::unexpected(parsed.error());
    set.add(*parsed);
  }
  return set;
}

}  // namespace exray::filescan
