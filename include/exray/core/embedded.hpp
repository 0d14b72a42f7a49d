// SPDX-License-Identifier: Apache-2.0
// exray core: data files compiled into the binary (see cmake/embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace exray {

struct EmbeddedFile {
  std::string_view name;  // file name without folder, e.g. "builds.yaml"
  std::string_view data;
};

}  // namespace exray
