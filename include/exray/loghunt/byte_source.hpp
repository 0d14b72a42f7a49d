// SPDX-License-Identifier: Apache-2.0
// exray loghunt: where log bytes come from. A file is read in chunks, never whole (logs run to
// gigabytes); a gzip'd file is decompressed on the fly; tests and fuzzers read from memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray::loghunt {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to `size` bytes into `buffer`; 0 means the end.
  [[nodiscard]] virtual Result<std::size_t> read(char* buffer, std::size_t size) = 0;
};

// Opens a file, decompressing it when it starts with the gzip magic bytes.
[[nodiscard]] Result<std::unique_ptr<ByteSource>> open_byte_source(const std::filesystem::path& path);
[[nodiscard]] std::unique_ptr<ByteSource> memory_byte_source(std::string_view bytes);

}  // namespace exray::loghunt
