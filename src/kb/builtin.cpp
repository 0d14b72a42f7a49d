// SPDX-License-Identifier: Apache-2.0
// The knowledge base compiled into the binary: kb/*.yaml, embedded by cmake/embed.cmake.
#include "exray/core/embedded.hpp"
#include "exray/kb/knowledge_base.hpp"

namespace exray {
std::span<const EmbeddedFile> builtin_kb_files();  // generated
}

namespace exray::kb {

Result<KnowledgeBase> KnowledgeBase::builtin() {
  KnowledgeBase kb;
  // Embedded in dependency order: products, then builds, then the advisories that cite them.
  for (const auto& file : builtin_kb_files())
    if (auto ok = kb.merge(file.data, file.name); !ok) return std::unexpected(ok.error());
  return kb;
}

}  // namespace exray::kb
