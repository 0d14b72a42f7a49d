// SPDX-License-Identifier: Apache-2.0
// exray filescan: file digests through OpenSSL.
//
// A Hasher belongs to one thread and reuses its digest contexts. It computes only the digests
// asked for: SHA-256 always feeds IOC lists and reports, but MD5 (the slowest) only when a loaded
// list holds MD5 values or a finding needs all three.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "exray/filescan/ioc.hpp"

struct evp_md_ctx_st;

namespace exray::filescan {

struct Digests {
  std::array<std::uint8_t, 32> sha256{};
  std::array<std::uint8_t, 20> sha1{};
  std::array<std::uint8_t, 16> md5{};
  std::array<bool, kHashTypeCount> have{};

  [[nodiscard]] std::span<const std::uint8_t> get(HashType type) const;
  [[nodiscard]] std::string hex(HashType type) const;  // empty when not computed
};

class Hasher {
 public:
  Hasher();
  // `which[t]`: compute HashType t.
  [[nodiscard]] Digests digest(std::string_view bytes, const std::array<bool, kHashTypeCount>& which);

 private:
  struct Free {
    void operator()(evp_md_ctx_st* c) const noexcept;
  };
  std::array<std::unique_ptr<evp_md_ctx_st, Free>, kHashTypeCount> contexts_;
};

[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace exray::filescan
