// SPDX-License-Identifier: Apache-2.0
// exray netscan: the order targets are visited in, and how shards and resumption divide it.
//
// Scanning addresses in numeric order hammers one subnet (and one router) at a time. Like ZMap we
// visit them in a pseudo-random order that is a pure function of the seed: a keyed Feistel
// permutation of [0, n) with cycle-walking, so no per-target state is kept and every machine
// given the same targets and seed computes the same order. Shard I of N takes every Nth
// position of that order, starting at I-1: the shards are disjoint and cover everything.
// A ScanOrder is a sequence 0..count() of this shard's positions; resumption stores how far
// along the sequence the scan got.
#pragma once

#include <cstdint>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray::netscan {

class Permutation {
 public:
  Permutation(std::uint64_t size, std::uint64_t seed) noexcept;
  // A bijection on [0, size).
  [[nodiscard]] std::uint64_t operator()(std::uint64_t index) const noexcept;
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

 private:
  [[nodiscard]] std::uint64_t encrypt(std::uint64_t x) const noexcept;
  std::uint64_t size_;
  unsigned half_bits_ = 1;  // the Feistel halves; the domain is 4^half_bits_ >= size_
  std::uint64_t half_mask_ = 1;
  std::uint64_t keys_[4]{};
};

struct Shard {
  std::uint64_t index = 1;  // 1-based, as users write "3/8"
  std::uint64_t count = 1;
};
// "3/8"; 1 <= I <= N.
[[nodiscard]] Result<Shard> parse_shard(std::string_view text);

class ScanOrder {
 public:
  ScanOrder(std::uint64_t size, std::uint64_t seed, Shard shard) noexcept;
  // How many targets this shard visits.
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  // The target index (into the TargetSpace) of this shard's step `k`, k < count().
  [[nodiscard]] std::uint64_t target(std::uint64_t k) const noexcept;

 private:
  Permutation permutation_;
  Shard shard_;
  std::uint64_t count_;
};

}  // namespace exray::netscan
