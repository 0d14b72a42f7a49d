// SPDX-License-Identifier: Apache-2.0
#include "exray/core/digest.hpp"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace exray {
namespace {

struct MdFree {
  void operator()(EVP_MD* md) const noexcept { EVP_MD_free(md); }
};

// Fetched once per process: OpenSSL 3 otherwise looks each algorithm up again, under a lock, on
// every EVP_DigestInit_ex, which shows when a scan hashes a hundred thousand small files.
const EVP_MD* algorithm_of(DigestAlgorithm algorithm) {
  static const std::array<std::unique_ptr<EVP_MD, MdFree>, 3> fetched = {
      std::unique_ptr<EVP_MD, MdFree>(EVP_MD_fetch(nullptr, "MD5", nullptr)),
      std::unique_ptr<EVP_MD, MdFree>(EVP_MD_fetch(nullptr, "SHA1", nullptr)),
      std::unique_ptr<EVP_MD, MdFree>(EVP_MD_fetch(nullptr, "SHA256", nullptr))};
  const EVP_MD* md = fetched[static_cast<std::size_t>(algorithm)].get();
  if (md == nullptr) throw std::runtime_error("OpenSSL offers no such digest (is its default provider loaded?)");
  return md;
}

}  // namespace

void Digest::Free::operator()(evp_md_ctx_st* c) const noexcept { EVP_MD_CTX_free(c); }

Digest::Digest(DigestAlgorithm algorithm) : algorithm_(algorithm), ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw std::bad_alloc();
}
Digest::~Digest() = default;
Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&&) noexcept = default;

// A message starts on its first use, so a digest nobody asks for (MD5 when no list holds MD5
// values) is never looked up: a FIPS-only OpenSSL has none.
void Digest::start_if_needed() {
  if (started_) return;
  if (EVP_DigestInit_ex(ctx_.get(), algorithm_of(algorithm_), nullptr) != 1) throw std::bad_alloc();
  started_ = true;
}

void Digest::update(std::string_view bytes) {
  start_if_needed();
  if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) throw std::bad_alloc();
}

std::span<const std::uint8_t> Digest::finish() {
  start_if_needed();
  unsigned length = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), out_.data(), &length) != 1) throw std::bad_alloc();
  started_ = false;
  return {out_.data(), length};
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4U];
    out[2 * i + 1] = kDigits[bytes[i] & 15U];
  }
  return out;
}

std::string digest_hex(DigestAlgorithm algorithm, std::string_view bytes) {
  Digest digest(algorithm);
  digest.update(bytes);
  return to_hex(digest.finish());
}

}  // namespace exray
