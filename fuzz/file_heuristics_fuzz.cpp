// SPDX-License-Identifier: Apache-2.0
// Heuristics read attacker-written bytes: minidump structures, container magics, DearCry headers.
// Any bytes under any of the paths they care about must give hits or nothing, never a crash.
#include <cstdint>
#include <string_view>

#include "exray/filescan/heuristics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exray::filescan;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)minidump_process(bytes);
  static const char* const kPaths[] = {"/inetpub/wwwroot/aspnet_client/a.aspx", "/owa/auth/x.aspx",
                                       "/ProgramData/a.log", "/Users/a/b.docx.CRYPT", "/img/a.png", "/w/a.dmp"};
  HeuristicOptions options;
  options.written_since = exray::TimePoint{};
  for (const char* path : kPaths) {
    exray::walk::FileEntry entry;
    entry.path = path;
    entry.relative = path;
    entry.size = size;
    std::vector<Hit> hits;
    run_heuristics(FileView{&entry, bytes, true, sniff_content(bytes.substr(0, 16))}, options, hits);
  }
  return 0;
}
