// SPDX-License-Identifier: Apache-2.0
// Vault::export_item: the archive holds the exact bytes, the item's manifest lines as stored and
// sums that check; a changed copy, an existing archive or a rolled-back item export nothing.
#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <map>
#include <nlohmann/json.hpp>

#include "vault_fixture.hpp"

namespace exray::vault::testing {
namespace {

// Every regular file in a tar, by name, read with libarchive (the reader investigators' tools use).
std::map<std::string, std::string> read_tar(const fs::path& path) {
  std::map<std::string, std::string> files;
  struct archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  EXPECT_EQ(archive_read_open_filename(a, path.c_str(), 1 << 16), ARCHIVE_OK) << archive_error_string(a);
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    std::string bytes(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    if (!bytes.empty()) {
      EXPECT_EQ(archive_read_data(a, bytes.data(), bytes.size()), static_cast<la_ssize_t>(bytes.size()));
    }
    files[archive_entry_pathname(entry)] = bytes;
  }
  archive_read_free(a);
  return files;
}

std::string sha256(const std::string& bytes) {
  unsigned char digest[32];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < n; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

TEST_F(VaultTest, ExportHoldsTheExactBytesTheManifestLinesAndSumsThatCheck) {
  auto v = Vault::open_for_writing(vault_dir_);
  ASSERT_TRUE(v) << v.error().to_string();
  const auto& f = files_[1];  // the binary one: NUL and high bytes must survive
  auto item = v->quarantine(request(f));
  ASSERT_TRUE(item) << item.error().to_string();
  ASSERT_TRUE(v->restore(item->id));  // two records more: the export carries the item's whole history

  const auto out = scratch_ / "evidence.tar";
  auto done = v->export_item(item->id.substr(0, 5), out);
  ASSERT_TRUE(done) << done.error().to_string();
  EXPECT_EQ(done->item, item->id);
  EXPECT_EQ(done->bytes, fs::file_size(out));
  EXPECT_FALSE(fs::exists(scratch_ / "evidence.tar.partial"));

  auto files = read_tar(out);
  const std::string dir = "exray-evidence-" + item->id + "/";
  ASSERT_EQ(files.size(), 5U);
  EXPECT_EQ(files.at(dir + "content/" + f.sha256 + ".bin"), f.bytes);

  // The manifest lines are the vault's own bytes: they hash to what the chain recorded.
  const auto manifest = slurp(vault_dir_ / "manifest.jsonl");
  const auto& exported = files.at(dir + "manifest.jsonl");
  EXPECT_NE(manifest.find(exported.substr(0, exported.find('\n') + 1)), std::string::npos);
  std::size_t lines = 0;
  for (char c : exported) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 4U) << "quarantine, quarantined, restore, restored";

  const auto meta = nlohmann::json::parse(files.at(dir + "item.json"));
  EXPECT_EQ(meta["item"], item->id);
  EXPECT_EQ(meta["state"], "restored");
  EXPECT_EQ(meta["original"]["path"], f.path.string());
  EXPECT_EQ(meta["original"]["sha256"], f.sha256);
  EXPECT_EQ(meta["original"]["mode"], "0600");
  EXPECT_EQ(meta["finding"]["rule"], "webshell-test");
  EXPECT_EQ(meta["manifest_head"]["records"], 4);

  // SHA256SUMS names every other file with its hash, as `sha256sum -c` reads it.
  std::istringstream sums(files.at(dir + "SHA256SUMS"));
  std::string hash, name;
  std::size_t checked = 0;
  while (sums >> hash >> name) {
    ASSERT_TRUE(files.contains(dir + name)) << name;
    EXPECT_EQ(sha256(files.at(dir + name)), hash) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 4U);
}

TEST_F(VaultTest, ExportRefusesAChangedCopyAnExistingArchiveAndLeavesNothingBehind) {
  std::string id;
  {
    auto v = Vault::open_for_writing(vault_dir_);
    ASSERT_TRUE(v) << v.error().to_string();
    auto item = v->quarantine(request(files_[0]));
    ASSERT_TRUE(item) << item.error().to_string();
    id = item->id;
  }
  auto v = Vault::open_for_reading(vault_dir_);
  ASSERT_TRUE(v) << v.error().to_string();

  const auto existing = scratch_ / "existing.tar";
  spit(existing, "keep me");
  auto refused = v->export_item(id, existing);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("already exists"), std::string::npos) << refused.error().message;
  EXPECT_EQ(slurp(existing), "keep me");

  // Same length, one byte changed: only the hash can tell.
  const auto blob = v->blob_path(files_[0].sha256);
  fs::permissions(blob, fs::perms::owner_write, fs::perm_options::add);
  auto bytes = slurp(blob);
  bytes[3] ^= 0x20;
  spit(blob, bytes);
  const auto out = scratch_ / "evidence.tar";
  auto changed = v->export_item(id, out);
  ASSERT_FALSE(changed);
  EXPECT_NE(changed.error().message.find("was changed"), std::string::npos) << changed.error().message;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(scratch_ / "evidence.tar.partial"));

  auto unknown = v->export_item("ffffffffffffffff", out);
  ASSERT_FALSE(unknown);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace exray::vault::testing
