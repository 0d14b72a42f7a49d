// SPDX-License-Identifier: Apache-2.0
#include "collecting_sink.hpp"
#include "scratch_dir.hpp"
#include "exray/filescan/heuristics.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "exray/filescan/file_scanner.hpp"

namespace exray::filescan {
namespace {

namespace fs = std::filesystem;

using Collect = exray::testing::CollectingSink;

std::vector<Hit> hits_for(const std::string& relative, const std::string& bytes, HeuristicOptions options = {}) {
  walk::FileEntry entry;
  entry.path = "/copy" + relative;
  entry.relative = relative;
  entry.size = bytes.size();
  entry.modified = parse_timestamp("2021-03-03T04:05:06Z").value();
  std::vector<Hit> out;
  run_heuristics(FileView{&entry, bytes, true, sniff_content(bytes)}, options, out);
  return out;
}

bool has(const std::vector<Hit>& hits, std::string_view id, Severity severity) {
  return std::any_of(hits.begin(), hits.end(), [&](const Hit& h) { return h.id == id && h.severity == severity; });
}

// DearCry's header as Sophos and others describe it: the marker, the length of the RSA-wrapped
// AES key, the key, a file type word, the original size (little-endian), then the ciphertext.
std::string dearcry_file(std::uint64_t original_size, std::mt19937& random) {
  std::string out = "DEARCRY!";
  const std::uint32_t key_length = 256, type = 4;
  out.append(reinterpret_cast<const char*>(&key_length), 4);
  for (int i = 0; i < 256; ++i) out += static_cast<char>(random() & 0xff);
  out.append(reinterpret_cast<const char*>(&type), 4);
  out.append(reinterpret_cast<const char*>(&original_size), 8);
  for (std::uint64_t i = 0; i < (original_size + 15) / 16 * 16; ++i) out += static_cast<char>(random() & 0xff);
  return out;
}

// A minidump whose first module is `process`, laid out as MINIDUMP_HEADER, one directory entry
// (ModuleListStream), the module list and the module's name as a MINIDUMP_STRING.
std::string minidump_of(const std::string& process) {
  std::string b(512, '\0');
  auto put = [&](std::size_t at, std::uint32_t v) { std::memcpy(b.data() + at, &v, 4); };
  std::memcpy(b.data(), "MDMP", 4);
  put(4, 0xa793);
  put(8, 1);    // streams
  put(12, 32);  // directory
  put(32, 4);   // ModuleListStream
  put(36, 112);
  put(40, 64);  // list at 64
  put(64, 1);   // one module
  put(64 + 4 + 20, 300);
  put(300, static_cast<std::uint32_t>(process.size() * 2));
  for (std::size_t i = 0; i < process.size(); ++i) b[304 + 2 * i] = process[i];
  return b;
}

TEST(Heuristics, HandlerFilesUnderAspnetClientAreWebShells) {
  EXPECT_TRUE(has(hits_for("/inetpub/wwwroot/aspnet_client/system_web/ab12.aspx", "<%@ Page %>"),
                  "webshell-aspnet-client-handler", Severity::high));
  EXPECT_TRUE(has(hits_for("/C:/INETPUB/WWWROOT/ASPNET_CLIENT/X.ASHX", "x"), "webshell-aspnet-client-handler",
                  Severity::high));
  EXPECT_TRUE(hits_for("/inetpub/wwwroot/aspnet_client/system_web/4_0_30319/WebUIValidation.js", "var x;").empty());
}

TEST(Heuristics, UnknownPagesInAuthFoldersButNotExchangesOwn) {
  const std::string owa = "/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/";
  EXPECT_TRUE(has(hits_for(owa + "8Lw7tAhF9i1pJnRo.aspx", "x"), "webshell-exchange-auth-unknown-page", Severity::medium));
  EXPECT_TRUE(hits_for(owa + "logon.aspx", "<%@ Page %>").empty());
  EXPECT_TRUE(hits_for(owa + "errorFE.aspx", "<%@ Page %>").empty());
  EXPECT_TRUE(hits_for(owa + "15.1.2176/scripts/premium/x.js", "var x;").empty());
}

TEST(Heuristics, ScriptInsideAContainerWithAScriptName) {
  const std::string pst = std::string("!BDN\x01\x02\x00\x00", 8) + std::string(200, '\x11') +
                          "<script language=\"JScript\" runat=\"server\">function Page_Load(){}</script>";
  auto hits = hits_for("/inetpub/wwwroot/owa/auth/x.aspx", pst);
  ASSERT_TRUE(has(hits, "webshell-script-in-container", Severity::high));
  const auto& hit = *std::find_if(hits.begin(), hits.end(), [](const Hit& h) { return h.id == "webshell-script-in-container"; });
  EXPECT_EQ(hit.offset, 208U);
  EXPECT_TRUE(has(hits_for("/a/x.aspx", "GIF89a<%eval(Request.Item[\"a\"],\"unsafe\");%>"), "webshell-script-in-container",
                  Severity::high));
  EXPECT_TRUE(has(hits_for("/a/x.aspx", std::string("\x30\x82\x01\x02", 4) + "no script"), "webshell-script-in-container",
                  Severity::medium));
}

TEST(Heuristics, DisguisedBinariesAndArchives) {
  EXPECT_TRUE(has(hits_for("/ProgramData/update.log", "PK\x03\x04rest"), "suspicious-disguised-binary", Severity::medium));
  EXPECT_TRUE(has(hits_for("/Users/a/notes.txt", "MZ\x90\x00"), "suspicious-disguised-binary", Severity::low));
  EXPECT_TRUE(hits_for("/ProgramData/a.zip", "PK\x03\x04").empty());
  EXPECT_TRUE(hits_for("/docs/readme.txt", "BM is a weak magic").empty());
  EXPECT_TRUE(has(hits_for("/img/logo.png", "<%@ Page Language=\"C#\" %>"), "webshell-script-named-as-image", Severity::medium));
}

TEST(Heuristics, LsassMinidumpWhateverItsName) {
  EXPECT_EQ(minidump_process(minidump_of("C:\\Windows\\System32\\lsass.exe")), "C:\\Windows\\System32\\lsass.exe");
  EXPECT_TRUE(has(hits_for("/Windows/Temp/debug.bin", minidump_of("C:\\Windows\\System32\\lsass.exe")),
                  "credential-dump-lsass-minidump", Severity::high));
  EXPECT_TRUE(hits_for("/dumps/w3wp.dmp", minidump_of("C:\\Windows\\System32\\inetsrv\\w3wp.exe")).empty());
  // Truncated and hostile dumps are not dumps of anything.
  auto dump = minidump_of("lsass.exe");
  for (std::size_t n = 0; n < dump.size(); n += 7) EXPECT_NO_FATAL_FAILURE((void)minidump_process(dump.substr(0, n)));
  std::string hostile = dump;
  std::memset(hostile.data() + 12, 0xff, 4);
  EXPECT_FALSE(minidump_process(hostile));
}

TEST(Heuristics, WrittenSinceOnlyWhenAsked) {
  const std::string path = "/inetpub/wwwroot/custom/page.aspx";
  EXPECT_TRUE(hits_for(path, "x").empty());
  HeuristicOptions options;
  options.written_since = parse_timestamp("2021-01-01T00:00:00Z").value();
  EXPECT_TRUE(has(hits_for(path, "x", options), "suspicious-webroot-script-written", Severity::low));
  options.written_since = parse_timestamp("2021-06-01T00:00:00Z").value();
  EXPECT_TRUE(hits_for(path, "x", options).empty());
}

// The acceptance case: a tree DearCry went through is one finding with the exact count.
TEST(Heuristics, DearCryTreeIsCountedAndListed) {
  const exray::testing::ScratchDir scratch("dearcry");
  const auto& root = scratch.path();
  std::mt19937 random(7);
  constexpr int kEncrypted = 137;
  for (int i = 0; i < kEncrypted; ++i) {
    const auto dir = root / "Users" / (i % 2 ? "alice" : "bob") / "Documents";
    fs::create_directories(dir);
    std::ofstream(dir / ("report" + std::to_string(i) + ".docx.CRYPT"), std::ios::binary)
        << dearcry_file(static_cast<std::uint64_t>(100 + i * 37), random);
  }
  std::ofstream(root / "Users/alice/Documents/plain.txt") << "not encrypted";
  std::ofstream(root / "readme.txt") << "Your file has been encrypted!";
  walk::WalkSummary walked;
  Collect sink;
  const std::string r = root.string();
  const auto files = walk::walk(std::span(&r, 1), {}, sink, walked);
  auto rules = YaraRules::compile(builtin_yara_sources(), {});
  auto iocs = builtin_iocs();
  ASSERT_TRUE(rules && iocs);
  FileScanner scanner(std::move(*rules), std::move(*iocs), {});
  auto summary = scan_files(scanner, files, {}, sink);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->encrypted, static_cast<std::uint64_t>(kEncrypted));
  const auto it = std::find_if(sink.findings.begin(), sink.findings.end(),
                               [](const Finding& f) { return f.rule.id == kDearCryRule; });
  ASSERT_NE(it, sink.findings.end());
  EXPECT_EQ(std::count_if(sink.findings.begin(), sink.findings.end(),
                          [](const Finding& f) { return f.rule.id == kDearCryRule; }),
            1);
  EXPECT_EQ(it->kind, FindingKind::ransomware);
  EXPECT_EQ(it->confidence, Confidence::high);
  EXPECT_NE(it->rule.title.find("137 files"), std::string::npos);
  std::size_t listed = 0;
  for (const auto& field : it->evidence.fields) {
    if (field.name == "encrypted_files") {
      EXPECT_EQ(field.value, "137");
    }
    if (field.name == "file") {
      ++listed;
      EXPECT_TRUE(field.value.ends_with(".docx.CRYPT"));
    }
  }
  EXPECT_EQ(listed, static_cast<std::size_t>(kEncrypted));
}

}  // namespace
}  // namespace exray::filescan
