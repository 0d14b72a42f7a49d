// SPDX-License-Identifier: Apache-2.0
#include "exray/core/digest.hpp"

#include <gtest/gtest.h>

#include <string>

namespace exray {
namespace {

// FIPS 180 and RFC 1321 test vectors.
TEST(Digest, KnownVectors) {
  EXPECT_EQ(digest_hex(DigestAlgorithm::sha256, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(digest_hex(DigestAlgorithm::sha1, "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(digest_hex(DigestAlgorithm::md5, "abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(digest_hex(DigestAlgorithm::sha256, ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Digest, PiecesGiveTheDigestOfTheWhole) {
  std::string bytes;
  for (int i = 0; i < 100'000; ++i) bytes += static_cast<char>(i * 7 + 3);
  Digest streamed(DigestAlgorithm::sha256);
  for (std::size_t at = 0; at < bytes.size(); at += 4093) streamed.update(std::string_view(bytes).substr(at, 4093));
  EXPECT_EQ(to_hex(streamed.finish()), digest_hex(DigestAlgorithm::sha256, bytes));
}

TEST(Digest, FinishStartsTheNextMessage) {
  Digest reused(DigestAlgorithm::sha1);
  reused.update("first message");
  (void)reused.finish();
  reused.update("abc");
  EXPECT_EQ(to_hex(reused.finish()), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(to_hex(reused.finish()), digest_hex(DigestAlgorithm::sha1, ""));
}

TEST(Digest, HexIsLowercaseTwoDigitsPerByte) {
  const std::uint8_t bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa0ff");
  EXPECT_EQ(to_hex({}), "");
}

}  // namespace
}  // namespace exray
