// SPDX-License-Identifier: Apache-2.0
// A small deterministic PRNG for the test-data generator.
//
// The tree must be byte-identical for a given seed on every machine and standard library, so we
// use our own xoshiro256** seeded through splitmix64 and never std::random_device or the
// std:: distributions (whose output is implementation-defined).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace exlogs {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform enough in [0, n) for test data. Small bounds, the common case, take the top bits
  // times n instead of a 64-bit division, which would show in the profile.
  std::uint64_t below(std::uint64_t n) {
    if (n <= UINT32_MAX) return ((next() >> 32) * n) >> 32;
    return next() % n;
  }
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
  // Uniform in [lo, hi].
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool one_in(std::uint64_t n) { return below(n) == 0; }

  template <class T>
  const T& pick(std::span<const T> items) {
    return items[index(items.size())];
  }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[index(N)];
  }

  template <class T>
  void shuffle(std::span<T> items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[index(i)]);
  }

  // An independent stream, so that (for example) each file's content does not depend on how
  // many random numbers the planner drew before it.
  Rng fork(std::uint64_t salt) { return Rng(next() ^ (salt * 0xD1B54A32D192ED03ULL)); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

}  // namespace exlogs
