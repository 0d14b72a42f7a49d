// SPDX-License-Identifier: Apache-2.0
// owners.csv as `exray alert --owners` reads it, then a lookup: errors are fine, crashes not.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "exray/alert/alert.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("exray-fuzz-owners-" + std::to_string(::getpid()) + ".csv")).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (auto owners = exray::alert::Owners::read(path)) {
    (void)owners->owner_of("192.0.2.7", {"mail.example.org"});
    (void)owners->owner_of("2001:db8::1", {});
  }
  return 0;
}
