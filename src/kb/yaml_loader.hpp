// SPDX-License-Identifier: Apache-2.0
// Private to kb: reads our KB YAML (sections `builds`, `products`, `advisories`) into a
// KnowledgeBase. Unknown keys are errors, so a typo in a user's file is reported, not ignored.
#pragma once

#include <string_view>

#include "exray/core/error.hpp"
#include "exray/kb/knowledge_base.hpp"

namespace exray::kb {

[[nodiscard]] Result<void> load_yaml(KnowledgeBase& kb, std::string_view text, std::string_view source);

}  // namespace exray::kb
