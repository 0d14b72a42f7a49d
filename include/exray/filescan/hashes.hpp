// SPDX-License-Identifier: Apache-2.0
// exray filescan: the digests of a file's bytes.
//
// A Hasher belongs to one thread and reuses its digests (core/digest.hpp). It computes only the digests
// asked for: SHA-256 always feeds IOC lists and reports, but MD5 (the slowest) only when a loaded
// list holds MD5 values or a finding needs all three.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "exray/core/digest.hpp"
#include "exray/filescan/ioc.hpp"

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
  // `which[t]`: compute HashType t.
  [[nodiscard]] Digests digest(std::string_view bytes, const std::array<bool, kHashTypeCount>& which);

 private:
  // In HashType order.
  std::array<Digest, kHashTypeCount> digests_{Digest(DigestAlgorithm::md5), Digest(DigestAlgorithm::sha1),
                                              Digest(DigestAlgorithm::sha256)};
};

}  // namespace exray::filescan
