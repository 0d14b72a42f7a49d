// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/scan_order.hpp"

#include <fmt/format.h>

#include <charconv>

namespace exray::netscan {
namespace {

std::uint64_t splitmix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

}  // namespace

Permutation::Permutation(std::uint64_t size, std::uint64_t seed) noexcept : size_(size) {
  while (half_bits_ < 32 && (std::uint64_t{1} << (2 * half_bits_)) < size_) ++half_bits_;
  half_mask_ = (std::uint64_t{1} << half_bits_) - 1;
  std::uint64_t k = seed;
  for (auto& key : keys_) key = k = splitmix(k);
}

std::uint64_t Permutation::encrypt(std::uint64_t x) const noexcept {
  std::uint64_t left = x >> half_bits_, right = x & half_mask_;
  for (auto key : keys_) {
    const std::uint64_t next = left ^ (splitmix(right ^ key) & half_mask_);
    left = right;
    right = next;
  }
  return (left << half_bits_) | right;
}

std::uint64_t Permutation::operator()(std::uint64_t index) const noexcept {
  // Cycle-walking: the domain is at most 4x the size, so a few steps on average; the walk ends
  // because encrypt() is a bijection on the domain and `index` itself is inside [0, size).
  std::uint64_t x = encrypt(index);
  while (x >= size_) x = encrypt(x);
  return x;
}

Result<Shard> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard s;
  auto number = [](std::string_view t, std::uint64_t& out) {
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc{} && end == t.data() + t.size();
  };
  if (slash == std::string_view::npos || !number(text.substr(0, slash), s.index) ||
      !number(text.substr(slash + 1), s.count) || s.count == 0 || s.index == 0 || s.index > s.count)
    return fail(Errc::invalid_argument, fmt::format("'{}': a shard is I/N with 1 <= I <= N, e.g. 3/8", text));
  return s;
}

ScanOrder::ScanOrder(std::uint64_t size, std::uint64_t seed, Shard shard) noexcept
    : permutation_(size, seed),
      shard_(shard),
      count_(size > shard.index - 1 ? (size - shard.index + shard.count) / shard.count : 0) {}

std::uint64_t ScanOrder::target(std::uint64_t k) const noexcept {
  return permutation_(k * shard_.count + shard_.index - 1);
}

}  // namespace exray::netscan
