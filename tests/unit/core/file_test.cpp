// SPDX-License-Identifier: Apache-2.0
#include "exray/core/file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "scratch_dir.hpp"

namespace exray {
namespace {

class FileTest : public ::testing::Test {
 protected:
  testing::ScratchDir dir_{"file"};
};

TEST_F(FileTest, ReadsWholeFileIncludingNulBytes) {
  std::ofstream(dir_ / "a", std::ios::binary) << std::string("x\0y", 3);
  auto text = read_small_file(dir_ / "a");
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, std::string("x\0y", 3));
}

TEST_F(FileTest, RefusesFilesOverTheLimit) {
  std::ofstream(dir_ / "big", std::ios::binary) << std::string(200'000, 'x');
  auto text = read_small_file(dir_ / "big", 100'000);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, Errc::limit_exceeded);
}

TEST_F(FileTest, MissingFileAndDirectoryAreClearErrors) {
  auto missing = read_small_file(dir_ / "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::io_error);
  EXPECT_NE(missing.error().to_string().find("nope"), std::string::npos);
  auto directory = read_small_file(dir_.path());
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace exray
