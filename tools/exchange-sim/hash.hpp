// SPDX-License-Identifier: Apache-2.0
// The one hash every choice of the simulator comes from.
//
// What an address does must be the same in the server and in `--truth`, on every machine and
// across runs, so we never use std::hash or the std:: distributions (implementation-defined);
// splitmix64's finaliser is a good, cheap 64-bit mixer.
#pragma once

#include <cstdint>

namespace exsim {

constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Independent draws from one key: each decision about a host has its own salt, so adding a
// decision never changes the others.
constexpr std::uint64_t draw(std::uint64_t key, std::uint64_t salt) noexcept {
  return mix64(key ^ mix64(salt * 0xD1B54A32D192ED03ULL));
}

// A uniform-enough value in [0, n) for small n.
constexpr std::uint64_t draw_below(std::uint64_t key, std::uint64_t salt, std::uint64_t n) noexcept {
  return draw(key, salt) % n;
}

// A cheap deterministic stream of 64-bit values (the garbage responses).
class ByteStream {
 public:
  explicit ByteStream(std::uint64_t state) noexcept : state_(state) {}
  std::uint64_t next() noexcept {
    state_ += 0x9E3779B97F4A7C15ULL;
    return mix64(state_);
  }

 private:
  std::uint64_t state_;
};

}  // namespace exsim
