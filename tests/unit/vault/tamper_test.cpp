// SPDX-License-Identifier: Apache-2.0
// `vault verify` names what was tampered with: which item, what changed.
#include <sys/stat.h>

#include "vault_fixture.hpp"

namespace exray::vault::testing {
namespace {

class TamperTest : public VaultTest {
 protected:
  std::vector<Item> items_;

  void SetUp() override {
    VaultTest::SetUp();
    auto v = Vault::open_for_writing(vault_dir_);
    ASSERT_TRUE(v);
    for (const auto& f : files_) items_.push_back(*v->quarantine(request(f)));
    ASSERT_TRUE(v->verify().empty());
  }

  std::vector<Problem> verify() const {
    auto v = Vault::open_for_reading(vault_dir_);
    EXPECT_TRUE(v) << v.error().to_string();
    return v ? v->verify() : std::vector<Problem>{};
  }

  std::vector<std::string> manifest_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(slurp(vault_dir_ / "manifest.jsonl"));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  void write_manifest(const std::vector<std::string>& lines) const {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    spit(vault_dir_ / "manifest.jsonl", text);
  }
};

std::string all(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.item + " | " + p.path + " | " + p.what + "\n";
  return out;
}

TEST_F(TamperTest, AnEditedCopyIsNamedWithItsItem) {
  const auto blob = vault_dir_ / "blobs" / items_[0].original.sha256.substr(0, 2) / items_[0].original.sha256;
  ::chmod(blob.c_str(), 0600);
  spit(blob, "<% harmless %>");
  const auto problems = verify();
  ASSERT_EQ(problems.size(), 1U) << all(problems);
  EXPECT_EQ(problems[0].item, items_[0].id);
  EXPECT_EQ(problems[0].path, items_[0].original.path);
  EXPECT_NE(problems[0].what.find("was changed"), std::string::npos) << problems[0].what;
}

TEST_F(TamperTest, AMissingCopyIsNamed) {
  fs::remove(vault_dir_ / "blobs" / items_[1].original.sha256.substr(0, 2) / items_[1].original.sha256);
  const auto problems = verify();
  ASSERT_EQ(problems.size(), 1U) << all(problems);
  EXPECT_EQ(problems[0].item, items_[1].id);
  EXPECT_NE(problems[0].what.find("missing"), std::string::npos);
}

TEST_F(TamperTest, ADroppedManifestLineIsNamed) {
  auto lines = manifest_lines();
  ASSERT_EQ(lines.size(), 6U);     // quarantine + quarantined per item
  lines.erase(lines.begin() + 2);  // the second item's quarantine record
  write_manifest(lines);
  const auto problems = verify();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].what.find("records 3..3 are missing"), std::string::npos) << all(problems);
}

TEST_F(TamperTest, ACutOffTailIsCaughtByTheHead) {
  auto lines = manifest_lines();
  lines.pop_back();
  lines.pop_back();
  write_manifest(lines);
  const auto problems = verify();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(all(problems).find("cut short: its head names 6 records, it holds 4"), std::string::npos) << all(problems);
}

TEST_F(TamperTest, AnEditedManifestLineIsNamedWithItsItem) {
  auto lines = manifest_lines();
  const auto at = lines[0].find("x.aspx");
  ASSERT_NE(at, std::string::npos);
  lines[0].replace(at, 6, "y.aspx");  // pretend a different file was taken
  write_manifest(lines);
  const auto problems = verify();
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].item, items_[0].id) << all(problems);
  EXPECT_NE(problems[0].what.find("line 1 (seq 1) was changed"), std::string::npos) << all(problems);
  // A damaged vault is not written to until someone looks.
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("damaged"), std::string::npos);
}

TEST_F(TamperTest, AnEditedLastLineIsCaughtByTheHead) {
  auto lines = manifest_lines();
  auto& last = lines.back();
  const auto at = last.find("\"at\":\"");
  ASSERT_NE(at, std::string::npos);
  last[at + 6] = last[at + 6] == '1' ? '2' : '1';
  write_manifest(lines);
  const auto problems = verify();
  ASSERT_EQ(problems.size(), 1U) << all(problems);
  EXPECT_EQ(problems[0].item, items_[2].id);
  EXPECT_NE(problems[0].what.find("head's hash differs"), std::string::npos);
}

TEST_F(TamperTest, APartialLineFromACrashIsRepairedByRecover) {
  {
    std::ofstream out(vault_dir_ / "manifest.jsonl", std::ios::binary | std::ios::app);
    out << R"({"seq":7,"prev":"00)";
  }
  auto problems = verify();
  ASSERT_EQ(problems.size(), 1U) << all(problems);
  EXPECT_NE(problems[0].what.find("partial line"), std::string::npos);
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->recovery().actions.size(), 1U);
  EXPECT_TRUE(v->verify().empty()) << all(v->verify());
}

}  // namespace
}  // namespace exray::vault::testing
