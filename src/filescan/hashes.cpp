// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/hashes.hpp"

#include <openssl/evp.h>

namespace exray::filescan {

namespace {
const EVP_MD* algorithm(HashType type) {
  switch (type) {
    case HashType::md5: return EVP_md5();
    case HashType::sha1: return EVP_sha1();
    case HashType::sha256: return EVP_sha256();
  }
  return EVP_sha256();
}
}  // namespace

std::span<const std::uint8_t> Digests::get(HashType type) const {
  switch (type) {
    case HashType::md5: return md5;
    case HashType::sha1: return sha1;
    case HashType::sha256: return sha256;
  }
  return sha256;
}

std::string Digests::hex(HashType type) const { return have[static_cast<std::size_t>(type)] ? to_hex(get(type)) : ""; }

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

void Hasher::Free::operator()(evp_md_ctx_st* c) const noexcept { EVP_MD_CTX_free(c); }

Hasher::Hasher() {
  for (auto& c : contexts_) c.reset(EVP_MD_CTX_new());
}

Digests Hasher::digest(std::string_view bytes, const std::array<bool, kHashTypeCount>& which) {
  Digests d;
  for (std::size_t t = 0; t < kHashTypeCount; ++t) {
    if (!which[t] || !contexts_[t]) continue;
    const auto type = static_cast<HashType>(t);
    auto* ctx = contexts_[t].get();
    auto out = const_cast<std::uint8_t*>(d.get(type).data());
    unsigned int length = 0;
    if (EVP_DigestInit_ex(ctx, algorithm(type), nullptr) == 1 && EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) == 1 &&
        EVP_DigestFinal_ex(ctx, out, &length) == 1)
      d.have[t] = true;
  }
  return d;
}

}  // namespace exray::filescan
