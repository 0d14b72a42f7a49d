// SPDX-License-Identifier: Apache-2.0
// Quarantine and restore round trips, and the guards that refuse unsafe requests.
#include <unistd.h>

#include "vault_fixture.hpp"

namespace exray::vault::testing {
namespace {

TEST_F(VaultTest, QuarantineTakesFilesOutAndRestorePutsThemBackExactly) {
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(v) << v.error().to_string();
  std::vector<std::string> ids;
  for (const auto& f : files_) {
    auto item = v->quarantine(request(f));
    ASSERT_TRUE(item) << item.error().to_string();
    EXPECT_EQ(item->state, ItemState::quarantined);
    EXPECT_EQ(item->original.sha256, f.sha256);
    EXPECT_EQ(item->original.size, f.bytes.size());
    EXPECT_EQ(item->original.mode, f.mode);
    EXPECT_EQ(item->finding.rule, "webshell-test");
    EXPECT_FALSE(fs::exists(f.path)) << "the original must be out of service";
    EXPECT_EQ(slurp(v->blob_path(f.sha256)), f.bytes);
    ids.push_back(item->id);
  }
  EXPECT_TRUE(v->verify().empty());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto back = v->restore(ids[i].substr(0, 6));  // a unique prefix is enough
    ASSERT_TRUE(back) << back.error().to_string();
    expect_original(files_[i]);
  }
  auto items = v->items();
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), files_.size());
  for (const auto& item : *items) EXPECT_EQ(item.state, ItemState::restored);
  EXPECT_TRUE(v->verify().empty()) << "restored items keep their evidence copy";
}

TEST_F(VaultTest, RenameNeutralisesAndRestoreRemovesTheRenamedCopy) {
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(v);
  const auto& f = files_[0];
  auto item = v->quarantine(request(f, Removal::rename));
  ASSERT_TRUE(item) << item.error().to_string();
  EXPECT_EQ(item->renamed_to, f.path.string() + ".exray-quarantined");
  EXPECT_FALSE(fs::exists(f.path));
  EXPECT_EQ(slurp(item->renamed_to), f.bytes);
  ASSERT_TRUE(v->restore(item->id));
  expect_original(f);
  EXPECT_FALSE(fs::exists(item->renamed_to));
}

TEST_F(VaultTest, RefusesSymlinksPathsOutsideTheRootsAndTheVaultItself) {
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(v);
  const auto link = root_ / "wwwroot/aspnet_client/link.aspx";
  fs::create_symlink(files_[0].path, link);
  auto r = request(files_[0]);
  r.path = link;
  auto refused = v->quarantine(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("symbolic link"), std::string::npos) << refused.error().message;

  const auto outside = scratch_ / "elsewhere.aspx";
  spit(outside, "<% x %>");
  r.path = outside;
  r.expected_sha256.clear();
  refused = v->quarantine(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("outside the hunted folders"), std::string::npos);
  EXPECT_TRUE(fs::exists(outside));

  // A link to a folder outside the root does not smuggle a path in: folders are resolved.
  fs::create_directory_symlink(scratch_.path(), root_ / "up");
  r.path = root_ / "up" / "elsewhere.aspx";
  refused = v->quarantine(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("outside the hunted folders"), std::string::npos);

  r.path = vault_dir_ / "manifest.jsonl";
  r.roots = {scratch_.path()};
  refused = v->quarantine(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("inside the vault"), std::string::npos);

  r.path = root_ / "wwwroot";
  refused = v->quarantine(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("not a regular file"), std::string::npos);
  EXPECT_TRUE(v->items()->empty());
}

TEST_F(VaultTest, RefusesAFileChangedSinceTheFindingAndLeavesItAlone) {
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(v);
  auto r = request(files_[0]);
  spit(files_[0].path, "<% edited by the admin %>");
  auto refused = v->quarantine(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("changed since the finding"), std::string::npos);
  EXPECT_EQ(slurp(files_[0].path), "<% edited by the admin %>");
  EXPECT_TRUE(v->items()->empty());
  EXPECT_TRUE(fs::is_empty(vault_dir_ / "tmp"));
}

TEST_F(VaultTest, RestoreRefusesToOverwriteADifferentFileUnlessToldAndThenKeepsIt) {
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(v);
  const auto& f = files_[0];
  auto item = v->quarantine(request(f));
  ASSERT_TRUE(item);
  spit(f.path, "a new, legitimate page");
  auto refused = v->restore(item->id);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("different file"), std::string::npos);
  EXPECT_EQ(slurp(f.path), "a new, legitimate page");

  ASSERT_TRUE(v->restore(item->id, true));
  expect_original(f);
  // The file it replaced was stored first: nothing was lost.
  const auto same_bytes = scratch_ / "same-bytes.txt";
  spit(same_bytes, "a new, legitimate page");
  const auto kept = v->blob_path(*sha256_of_file(same_bytes));
  EXPECT_EQ(slurp(kept), "a new, legitimate page");
  EXPECT_TRUE(v->verify().empty());
}

TEST_F(VaultTest, RefusesAFolderThatIsNotAVaultAndASecondWriter) {
  spit(scratch_ / "notavault" / "data.txt", "x");
  auto v = Vault::open_for_writing(scratch_ / "notavault");
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("not an exray vault"), std::string::npos);

  auto first = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(first);
  auto second = Vault::open_for_writing(vault_dir_);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("another exray"), std::string::npos);
}

}  // namespace
}  // namespace exray::vault::testing
