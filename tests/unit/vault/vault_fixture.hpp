// SPDX-License-Identifier: Apache-2.0
// A small web root with shells in it and a vault beside it, for the vault tests.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exray/vault/vault.hpp"
#include "scratch_dir.hpp"

namespace exray::vault::testing {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void spit(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

struct PlantedFile {
  fs::path path;
  std::string bytes;
  std::string sha256;
  mode_t mode;
  timespec mtime;
};

class VaultTest : public ::testing::Test {
 protected:
  exray::testing::ScratchDir scratch_{"vault"};
  fs::path root_ = scratch_ / "inetpub";
  fs::path vault_dir_ = scratch_ / "vault";
  std::vector<PlantedFile> files_;

  void SetUp() override {
    // A China Chopper one-liner, an OAB config with one inside, a binary with a NUL and
    // high bytes, and an empty file: the vault must not care what the bytes are.
    plant("wwwroot/aspnet_client/system_web/x.aspx",
          R"(<%@ Page Language="Jscript"%><%eval(Request.Item["p"],"unsafe");%>)", 0644, 1614556800);
    plant("FrontEnd/HttpProxy/owa/auth/Current/themes/resources/error.aspx",
          std::string("MZ\x90\0\x03\0\0\0\xff\xfe binary", 17), 0600, 1614643200);
    plant("wwwroot/aspnet_client/empty.aspx", "", 0640, 1614729600);
  }

  void plant(const std::string& relative, const std::string& bytes, mode_t mode, time_t mtime) {
    PlantedFile f{root_ / relative, bytes, "", mode, timespec{mtime, 123456789}};
    spit(f.path, bytes);
    ::chmod(f.path.c_str(), mode);
    const timespec times[2] = {f.mtime, f.mtime};
    ::utimensat(AT_FDCWD, f.path.c_str(), times, 0);
    f.sha256 = *sha256_of_file(f.path);
    files_.push_back(std::move(f));
  }

  QuarantineRequest request(const PlantedFile& f, Removal removal = Removal::remove) const {
    return QuarantineRequest{f.path,  f.sha256, FindingRef{"f00d", "webshell-test", "webshell", "high"},
                             {root_}, removal,  ".exray-quarantined"};
  }

  // The file is back exactly: bytes, mode and modification time.
  static void expect_original(const PlantedFile& f) {
    ASSERT_TRUE(fs::exists(f.path)) << f.path;
    EXPECT_EQ(slurp(f.path), f.bytes) << f.path;
    struct stat st {};
    ASSERT_EQ(::lstat(f.path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, f.mode) << f.path;
    EXPECT_EQ(st.st_mtim.tv_sec, f.mtime.tv_sec) << f.path;
    EXPECT_EQ(st.st_mtim.tv_nsec, f.mtime.tv_nsec) << f.path;
  }
};

}  // namespace exray::vault::testing
