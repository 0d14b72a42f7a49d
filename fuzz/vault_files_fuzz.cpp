// SPDX-License-Identifier: Apache-2.0
// What the vault reads that others can write: a manifest (someone may have edited it) and a
// findings file (`quarantine --from`). The input is split at the first NUL: manifest, then the
// head; the whole input is also read as findings. Nothing may crash, and a manifest that the
// reader calls intact must give items that verify() does not call out of order.
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "exray/vault/plan.hpp"
#include "exray/vault/vault.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path& scratch() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "exray-fuzz-vault-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) __builtin_trap();
    fs::create_directories(fs::path(pattern) / "blobs");
    fs::create_directories(fs::path(pattern) / "tmp");
    std::ofstream(fs::path(pattern) / ".exray-vault") << "{}\n";
    return fs::path(pattern);
  }();
  return dir;
}

void write(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const auto& dir = scratch();
  write(dir / "manifest.jsonl", input.substr(0, nul));
  write(dir / "manifest.head", nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1));
  if (auto v = exray::vault::Vault::open_for_reading(dir)) {
    (void)v->verify();
    if (auto items = v->items())
      for (const auto& item : *items) (void)v->find(item.id);
  }
  write(dir / "findings.jsonl", input);
  (void)exray::vault::plan_from_findings(dir / "findings.jsonl", exray::Severity::info);
  return 0;
}
