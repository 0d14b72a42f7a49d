// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/hashes.hpp"

#include <algorithm>

namespace exray::filescan {

std::span<const std::uint8_t> Digests::get(HashType type) const {
  switch (type) {
    case HashType::md5:
      return md5;
    case HashType::sha1:
      return sha1;
    case HashType::sha256:
      return sha256;
  }
  return sha256;
}

std::string Digests::hex(HashType type) const { return have[static_cast<std::size_t>(type)] ? to_hex(get(type)) : ""; }

Digests Hasher::digest(std::string_view bytes, const std::array<bool, kHashTypeCount>& which) {
  static_assert(static_cast<int>(HashType::md5) == 0 && static_cast<int>(HashType::sha1) == 1 &&
                static_cast<int>(HashType::sha256) == 2);
  Digests d;
  for (std::size_t t = 0; t < kHashTypeCount; ++t) {
    if (!which[t]) continue;
    auto& digest = digests_[t];
    digest.update(bytes);
    const auto out = digest.finish();
    const auto target = d.get(static_cast<HashType>(t));
    std::copy_n(out.begin(), std::min(out.size(), target.size()), const_cast<std::uint8_t*>(target.data()));
    d.have[t] = true;
  }
  return d;
}

}  // namespace exray::filescan
