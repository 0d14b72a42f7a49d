// SPDX-License-Identifier: Apache-2.0
// Message digests through OpenSSL: the one place exray calls its digest API. A Digest streams
// (the vault hashes a file while copying it) and is reused message after message (a file scan
// thread hashes file after file without a new context each time).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace exray {

enum class DigestAlgorithm : std::uint8_t { md5, sha1, sha256 };

class Digest {
 public:
  // Throws std::bad_alloc when OpenSSL cannot allocate; the first update() or finish() throws
  // std::runtime_error when OpenSSL lacks the algorithm. Neither is a property of the data, and
  // a missing digest must not pass for one.
  explicit Digest(DigestAlgorithm algorithm);
  ~Digest();
  Digest(Digest&&) noexcept;
  Digest& operator=(Digest&&) noexcept;

  void update(std::string_view bytes);
  // The digest of everything given since construction or the last finish(), which also starts
  // the next message. The bytes stay valid until the next call.
  [[nodiscard]] std::span<const std::uint8_t> finish();

 private:
  struct Free {
    void operator()(evp_md_ctx_st* c) const noexcept;
  };
  void start_if_needed();
  DigestAlgorithm algorithm_;
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
  bool started_ = false;
  std::array<std::uint8_t, 32> out_{};
};

[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);
// The digest of `bytes` as lowercase hex.
[[nodiscard]] std::string digest_hex(DigestAlgorithm algorithm, std::string_view bytes);

}  // namespace exray
