// SPDX-License-Identifier: Apache-2.0
#include "collecting_sink.hpp"
#include "scratch_dir.hpp"
#include "exray/walk/walker.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace exray::walk {
namespace {

namespace fs = std::filesystem;

using Collect = exray::testing::CollectingSink;

class WalkTest : public ::testing::Test {
 protected:
  void write(const std::string& relative, const std::string& text = "x") {
    const auto path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::vector<std::string> relatives(const WalkOptions& options = {}) {
    summary_ = {};
    sink_.errors.clear();
    std::vector<std::string> out;
    const std::string root = root_.string();
    for (const auto& e : walk(std::span(&root, 1), options, sink_, summary_)) out.push_back(e.relative);
    return out;
  }
  exray::testing::ScratchDir scratch_{"walk"};
  fs::path root_ = scratch_.path();
  WalkSummary summary_;
  Collect sink_;
};

TEST_F(WalkTest, ListsEveryFileInPathOrderWhateverTheThreads) {
  for (int d = 0; d < 20; ++d)
    for (int f = 0; f < 10; ++f) write("d" + std::to_string(d) + "/sub/f" + std::to_string(f) + ".txt");
  WalkOptions one, four;
  one.threads = 1;
  four.threads = 4;
  const auto a = relatives(one);
  EXPECT_EQ(a.size(), 200U);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(a, relatives(four));
  EXPECT_EQ(summary_.files, 200U);
  EXPECT_EQ(summary_.folders, 41U);  // root, 20 dN, 20 dN/sub
}

TEST_F(WalkTest, LinksAreCountedNotFollowedUnlessAsked) {
  write("real/a.aspx");
  write("../outside-" + root_.filename().string() + "/secret.txt");
  fs::create_directory_symlink(root_ / "real", root_ / "inside-link");
  fs::create_directory_symlink(root_.parent_path() / ("outside-" + root_.filename().string()), root_ / "outside-link");
  fs::create_directory_symlink(root_, root_ / "real/loop");
  EXPECT_EQ(relatives(), std::vector<std::string>{"/real/a.aspx"});
  EXPECT_EQ(summary_.symlinks_skipped, 3U);

  WalkOptions follow;
  follow.follow_symlinks = true;
  // Asked to, it follows links anywhere, but not the one looping back to the root.
  EXPECT_EQ(relatives(follow), (std::vector<std::string>{"/inside-link/a.aspx", "/outside-link/secret.txt",
                                                         "/real/a.aspx"}));
  // real/loop and inside-link/loop both point back at the root.
  EXPECT_EQ(summary_.symlinks_skipped, 2U);
  EXPECT_EQ(sink_.errors.size(), 2U);
  fs::remove_all(root_.parent_path() / ("outside-" + root_.filename().string()));
}

TEST_F(WalkTest, DepthLimitIsReportedNotSilent) {
  write("a/b/c/d/deep.txt");
  write("a/top.txt");
  WalkOptions options;
  options.max_depth = 2;
  EXPECT_EQ(relatives(options), std::vector<std::string>{"/a/top.txt"});
  EXPECT_EQ(summary_.too_deep, 1U);
  ASSERT_EQ(sink_.errors.size(), 1U);
  EXPECT_NE(sink_.errors[0].where.source.find("/a/b/c"), std::string::npos);
}

TEST_F(WalkTest, IncludeAndExcludeGlobsOnTheRelativePath) {
  write("inetpub/wwwroot/aspnet_client/x.ASPX");
  write("inetpub/wwwroot/aspnet_client/x.js");
  write("Windows/System32/big.dll");
  WalkOptions options;
  options.include = {"*.aspx", "*.js"};
  options.exclude = {"*.js", "/Windows/*"};
  EXPECT_EQ(relatives(options), std::vector<std::string>{"/inetpub/wwwroot/aspnet_client/x.ASPX"});
  EXPECT_EQ(summary_.excluded, 2U);  // x.js, and the Windows folder (not entered)
}

TEST_F(WalkTest, BackslashesInFlatCopiedNamesBecomeSlashes) {
  write("C:\\inetpub\\wwwroot\\aspnet_client\\shell.aspx");
  EXPECT_EQ(relatives(), std::vector<std::string>{"/C:/inetpub/wwwroot/aspnet_client/shell.aspx"});
  EXPECT_EQ(normalise_relative("a\\b"), "/a/b");
}

TEST_F(WalkTest, FifosAreCountedAndNeverOpened) {
  write("a.txt");
  ASSERT_EQ(::mkfifo((root_ / "pipe").c_str(), 0600), 0);
  EXPECT_EQ(relatives(), std::vector<std::string>{"/a.txt"});
  EXPECT_EQ(summary_.special_skipped, 1U);
}

TEST_F(WalkTest, UnreadableFolderIsAnErrorAndTheRestIsWalked) {
  write("locked/hidden.txt");
  write("open/seen.txt");
  // Run as an unprivileged user in a child: root reads any folder.
  const pid_t child = ::fork();
  if (child == 0) {
    fs::permissions(root_ / "locked", fs::perms::none);
    if (::getuid() == 0 && ::setuid(65534) != 0) ::_exit(3);
    const auto found = relatives();
    const bool ok = found == std::vector<std::string>{"/open/seen.txt"} && sink_.errors.size() == 1 &&
                    sink_.errors[0].where.source.find("locked") != std::string::npos && summary_.errors == 1;
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST_F(WalkTest, MissingRootIsAnErrorNamedFileRootIsAFile) {
  write("one.log");
  Collect sink;
  WalkSummary summary;
  const std::vector<std::string> roots{(root_ / "nope").string(), (root_ / "one.log").string()};
  const auto files = walk(roots, {}, sink, summary);
  ASSERT_EQ(files.size(), 1U);
  EXPECT_TRUE(files[0].named);
  EXPECT_EQ(files[0].relative, "/one.log");
  ASSERT_EQ(sink.errors.size(), 1U);
  EXPECT_EQ(sink.errors[0].code, Errc::not_found);
}

}  // namespace
}  // namespace exray::walk
