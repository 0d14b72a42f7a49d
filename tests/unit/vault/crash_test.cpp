// SPDX-License-Identifier: Apache-2.0
// Fault injection: a child process quarantines and restores every planted file and is killed
// with SIGKILL after the k-th durable step, for every k. After each kill, every file must be in
// place with its bytes or safely in the vault; recovery must leave a vault that verifies; and
// finishing the job must give back every file with identical bytes, mode and times.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vault_fixture.hpp"

namespace exray::vault::testing {
namespace {

class CrashTest : public VaultTest, public ::testing::WithParamInterface<Removal> {
 protected:
  // Besides the fixture's three: files in other folders, one larger than the copy buffer, one
  // with no extension, and two with the same bytes (one blob in the vault serves both items).
  void SetUp() override {
    VaultTest::SetUp();
    std::string large(3 * 1024 * 1024 + 17, '\0');
    for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>((i * 2654435761U) >> 13U);
    plant("FrontEnd/HttpProxy/owa/auth/logon.aspx", large, 0644, 1614816000);
    plant("ClientAccess/OAB/1b2c/oab.xml", "<OAB><%eval(Request[\"k\"]);%></OAB>", 0644, 1614902400);
    plant("wwwroot/aspnet_client/system_web/a.aspx", "<%eval(Request[\"a\"]);%>", 0644, 1614988800);
    plant("wwwroot/aspnet_client/system_web/b.aspx", "<%eval(Request[\"a\"]);%>", 0600, 1615075200);
    plant("ecp/auth/TimeoutLogout", "Response.Write(1)", 0755, 1615161600);
  }

  // Quarantines what is still in place, then restores what is quarantined.
  void run_job(Vault& v) {
    for (const auto& f : files_) {
      if (fs::exists(f.path) && !latest(v, f)) {
        ASSERT_TRUE(v.quarantine(request(f, GetParam())));
      }
    }
    for (const auto& f : files_) {
      if (auto item = latest(v, f); item && item->state == ItemState::quarantined) {
        ASSERT_TRUE(v.restore(item->id));
      }
    }
  }

  // The newest item for the file that is not rolled back.
  static std::optional<Item> latest(const Vault& v, const PlantedFile& f) {
    std::optional<Item> found;
    const auto all = v.items();
    for (const auto& item : *all)
      if (item.original.path == f.path.string() && item.state != ItemState::rolled_back) found = item;
    return found;
  }

  // Runs the job in a child that kills itself after `kill_after` steps. True when it was killed.
  bool run_child(int kill_after) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int steps = 0;
      VaultOptions options;
      options.on_step = [&](Step, const std::string&) {
        if (++steps == kill_after) ::kill(::getpid(), SIGKILL);
      };
      auto v = Vault::open_for_writing(vault_dir_, options);
      if (!v) ::_exit(3);
      run_job(*v);
      ::_exit(::testing::Test::HasFailure() ? 4 : 0);
    }
    int status = 0;
    EXPECT_EQ(::waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) {
      EXPECT_EQ(WTERMSIG(status), SIGKILL);
      return true;
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child failed, status " << status;
    return false;
  }

  // Nothing lost: each file's bytes are at its path, at its renamed path, or in the vault.
  void expect_nothing_lost(int k) {
    for (const auto& f : files_) {
      const bool in_place = fs::exists(f.path) && slurp(f.path) == f.bytes;
      const auto renamed = f.path.string() + ".exray-quarantined";
      const bool renamed_intact = fs::exists(renamed) && slurp(renamed) == f.bytes;
      const auto blob = vault_dir_ / "blobs" / f.sha256.substr(0, 2) / f.sha256;
      const bool in_vault = fs::exists(blob) && *sha256_of_file(blob) == f.sha256;
      EXPECT_TRUE(in_place || renamed_intact || in_vault) << "killed after step " << k << ": lost " << f.path;
    }
  }
};

TEST_P(CrashTest, KilledAtEveryStepNothingIsLostAndRecoveryVerifies) {
  int kills = 0;
  for (int k = 1;; ++k) {
    fs::remove_all(vault_dir_);
    for (const auto& f : files_) {
      fs::remove(f.path.string() + ".exray-quarantined");
      spit(f.path, f.bytes);
      ::chmod(f.path.c_str(), f.mode);
      const timespec times[2] = {f.mtime, f.mtime};
      ::utimensat(AT_FDCWD, f.path.c_str(), times, 0);
    }
    const bool killed = run_child(k);
    expect_nothing_lost(k);
    auto v = Vault::open_for_writing(vault_dir_);  // recovers
    ASSERT_TRUE(v) << "after a kill at step " << k << ": " << v.error().to_string();
    for (const auto& p : v->verify()) ADD_FAILURE() << "step " << k << ": " << p.item << " " << p.what;
    run_job(*v);
    for (const auto& f : files_) {
      expect_original(f);
      const auto item = latest(*v, f);
      ASSERT_TRUE(item);
      EXPECT_EQ(item->state, ItemState::restored) << "step " << k << " " << f.path;
    }
    EXPECT_TRUE(v->verify().empty());
    if (HasFailure() || !killed) break;
    ++kills;
  }
  // Quarantine has 6 steps per file and restore 4: every one of them was a kill point.
  EXPECT_EQ(kills, static_cast<int>(files_.size()) * 10);
}

INSTANTIATE_TEST_SUITE_P(Removal, CrashTest, ::testing::Values(Removal::remove, Removal::rename),
                         [](const ::testing::TestParamInfo<Removal>& p) {
                           return p.param == Removal::remove ? "remove" : "rename";
                         });

}  // namespace
}  // namespace exray::vault::testing
