// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/ioc.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace exray::filescan {
namespace {

struct Counts {
  std::size_t md5 = 0, sha1 = 0, sha256 = 0;
  bool operator==(const Counts&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Counts& c) {
  return os << "{md5 " << c.md5 << ", sha1 " << c.sha1 << ", sha256 " << c.sha256 << "}";
}

Counts counts(const IocFile& file) {
  Counts c;
  for (const auto& i : file.indicators)
    ++(i.type == HashType::md5 ? c.md5 : i.type == HashType::sha1 ? c.sha1 : c.sha256);
  return c;
}

std::vector<std::uint8_t> digest(std::string_view hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

IocFile parse_ok(std::string_view text) {
  auto parsed = parse_ioc_file(text, "t.txt");
  EXPECT_TRUE(parsed) << parsed.error().to_string();
  return parsed ? *parsed : IocFile{};
}

constexpr std::string_view kSha256 = "2b9838da7edb0decd32b086e47a31e8f5733b5981ad8247a2f9508e232589bff";
constexpr std::string_view kSha1 = "49644cbbb9d234bd4f7a47ed596c8bbfefd39065";
constexpr std::string_view kMd5 = "4ef04cba6bec2c3a164b9b755efbeb1c";

// ---- the published lists (tests/../shared/data/iocs) ----

class RealLists : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(dir_)) GTEST_SKIP() << "no shared IOC data at " << dir_;
  }
  IocFile read(const std::string& name) {
    auto parsed = read_ioc_file((dir_ / name).string());
    EXPECT_TRUE(parsed) << parsed.error().to_string();
    return parsed ? *parsed : IocFile{};
  }
  std::filesystem::path dir_ = std::filesystem::path(EXRAY_SHARED_DATA) / "iocs";
};

constexpr const char* kMsticCsv = "MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv";
constexpr const char* kMsticJson = "MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.json";

TEST_F(RealLists, MsticCsvKeepsTheSha256RowsAndSkipsPathsAndDomains) {
  const auto file = read(kMsticCsv);
  EXPECT_EQ(counts(file), (Counts{0, 0, 45}));
  EXPECT_EQ(file.rows_skipped, 107U);  // 104 filepath + 3 domainname rows
  ASSERT_FALSE(file.indicators.empty());
  EXPECT_EQ(file.indicators[0].hex, "8e90ed33c7ee82c0b64078ea36ec95f7420ba435c693b3b3dd728b494abf7dfc");
  EXPECT_TRUE(file.indicators[0].source.ends_with(std::string(kMsticCsv) + ":2")) << file.indicators[0].source;
}

TEST_F(RealLists, MsticJsonAlsoYieldsTheMd5AndSha1OfEachFile) {
  const auto file = read(kMsticJson);
  EXPECT_EQ(counts(file), (Counts{45, 45, 45}));
  EXPECT_EQ(file.rows_skipped, 107U);
  ASSERT_GE(file.indicators.size(), 3U);
  EXPECT_EQ(file.indicators[0].hex, "8e90ed33c7ee82c0b64078ea36ec95f7420ba435c693b3b3dd728b494abf7dfc");
  EXPECT_EQ(file.indicators[1].hex, kMd5);
  EXPECT_EQ(file.indicators[2].hex, kSha1);
  EXPECT_TRUE(file.indicators[2].source.ends_with(":record 1")) << file.indicators[2].source;

  // The CSV is the JSON's first five fields: the same SHA-256 values in the same order.
  const auto csv = read(kMsticCsv);
  std::vector<std::string> from_json, from_csv;
  for (const auto& i : file.indicators)
    if (i.type == HashType::sha256) from_json.push_back(i.hex);
  for (const auto& i : csv.indicators) from_csv.push_back(i.hex);
  EXPECT_EQ(from_json, from_csv);
}

TEST_F(RealLists, DearCryDespiteItsBomCrlfAndUpperCaseHex) {
  const auto file = read("Ransomware_DearCry.csv");
  EXPECT_EQ(counts(file), (Counts{0, 0, 5}));
  EXPECT_EQ(file.rows_skipped, 0U);
  ASSERT_FALSE(file.indicators.empty());
  EXPECT_EQ(file.indicators[0].hex, kSha256);
  EXPECT_EQ(file.indicators[0].name, "DearCry");
}

TEST_F(RealLists, BlackKingDomSkipsItsDescriptionPathUrlDomainAndIpRows) {
  const auto file = read("Ransomware_BlackKingDom.csv");
  EXPECT_EQ(counts(file), (Counts{0, 0, 9}));
  EXPECT_EQ(file.rows_skipped, 8U);
  ASSERT_EQ(file.indicators.size(), 9U);
  EXPECT_EQ(file.indicators[7].hex, "62615438cf8f7de6600d16a493c28bbbd3b052ccc4f9414dfe1cf031681e226f");
  EXPECT_EQ(file.indicators[7].name, "ChackPassPL.aspx webshell - not publicly released");
}

TEST_F(RealLists, SignatureBaseLokiLines) {
  const auto file = read("signature-base-hash-iocs-exchange.txt");
  EXPECT_EQ(counts(file), (Counts{0, 0, 8}));
  EXPECT_EQ(file.rows_skipped, 0U);
  ASSERT_FALSE(file.indicators.empty());
  EXPECT_TRUE(file.indicators[0].name.starts_with("HAFNIUM Webshells - Exchange Exploitation - https://"));
}

TEST_F(RealLists, TheShippedListHoldsEveryHashOfThePublishedOnes) {
  auto builtin = builtin_iocs();
  ASSERT_TRUE(builtin) << builtin.error().to_string();
  for (const char* name : {kMsticCsv, kMsticJson, "Ransomware_DearCry.csv", "Ransomware_BlackKingDom.csv",
                           "signature-base-hash-iocs-exchange.txt"})
    for (const auto& i : read(name).indicators)
      if (i.type == HashType::sha256) {
        EXPECT_NE(builtin->find(i.type, digest(i.hex)), nullptr) << name << ": " << i.hex;
      }
}

// ---- the shipped list ----

TEST(BuiltinIocs, LoadsAndListsDearCry) {
  auto set = builtin_iocs();
  ASSERT_TRUE(set) << set.error().to_string();
  // 51 SHA-256 (45 MSTIC + 3 Sophos + 3 signature-base). Every file the lists name has a SHA-256,
  // so MD5 and SHA-1 rows would only make every hunt compute two more digests of every file.
  EXPECT_EQ(set->size(), 51U);
  EXPECT_TRUE(set->has(HashType::sha256));
  EXPECT_FALSE(set->has(HashType::md5) || set->has(HashType::sha1));
  for (std::string_view hex : {"2b9838da7edb0decd32b086e47a31e8f5733b5981ad8247a2f9508e232589bff",
                               "feb3e6d30ba573ba23f3bd1291ca173b7879706d1fe039c34d53a4fdcdf33ede",
                               "e044d9f2d0f1260c3f4a543a1e67f33fcac265be114a1b135fd575b860d2b8c6",
                               "10bce0ff6597f347c3cca8363b7c81a8bff52d2ff81245cd1e66a6e11aeb25da",
                               "fdec933ca1dd1387d970eeea32ce5d1f87940dfb6a403ab5fc149813726cbd65"}) {
    const auto* hit = set->find(HashType::sha256, digest(hex));
    ASSERT_NE(hit, nullptr) << hex;
    EXPECT_EQ(hit->name, "DearCry ransomware (Sophos)");
    EXPECT_NE(hit->reference.find("Ransomware_DearCry.csv"), std::string::npos) << hit->reference;
    EXPECT_TRUE(hit->source.starts_with("rules/iocs/exchange-2021.csv:")) << hit->source;
  }
}

// ---- formats ----

TEST(IocFormats, Stix21Bundle) {
  const std::string bundle = R"({"type": "bundle", "id": "bundle--1", "objects": [
    {"type": "identity", "id": "identity--1", "name": "Example CERT"},
    {"type": "indicator", "spec_version": "2.1", "id": "indicator--1", "name": "China Chopper web shell",
     "pattern": "[file:hashes.'SHA-256' = ')" +
                             std::string(kSha256) + R"(']", "pattern_type": "stix",
     "external_references": [{"source_name": "cert", "url": "https://example.org/advisory"}]},
    {"type": "malware", "id": "malware--1", "name": "DearCry", "is_family": true},
    {"type": "indicator", "id": "indicator--2", "name": "Dropper",
     "pattern": "[file:hashes.MD5 = ')" +
                             std::string(kMd5) + R"(' OR file:hashes.'SHA-1' = ')" + std::string(kSha1) +
                             R"(']", "pattern_type": "stix"},
    {"type": "indicator", "id": "indicator--3", "pattern": "rule x { condition: true }", "pattern_type": "yara"},
    {"type": "indicator", "id": "indicator--4", "pattern": "[file:name = 'shell.aspx']", "pattern_type": "stix"},
    {"type": "indicator", "id": "indicator--5", "revoked": true, "pattern_type": "stix",
     "pattern": "[file:hashes.'SHA-256' = 'feb3e6d30ba573ba23f3bd1291ca173b7879706d1fe039c34d53a4fdcdf33ede']"},
    {"type": "indicator", "id": "indicator--6", "pattern_type": "stix",
     "pattern": "[file:hashes.'SHA-256' != '10bce0ff6597f347c3cca8363b7c81a8bff52d2ff81245cd1e66a6e11aeb25da' AND file:hashes.MD5 = 'e044d9f2d0f1260c3f4a543a1e67f33fcac265be114a1b135fd575b860d2b8c6']"},
    {"type": "relationship", "id": "relationship--1", "relationship_type": "indicates",
     "source_ref": "indicator--1", "target_ref": "malware--1"}]})";
  const auto file = parse_ok(bundle);
  ASSERT_EQ(file.indicators.size(), 3U);
  EXPECT_EQ(file.indicators[0].hex, kSha256);
  EXPECT_EQ(file.indicators[0].name, "China Chopper web shell");
  EXPECT_EQ(file.indicators[0].reference, "https://example.org/advisory");
  EXPECT_EQ(file.indicators[0].source, "t.txt:record 2");
  EXPECT_EQ(file.indicators[1].type, HashType::md5);
  EXPECT_EQ(file.indicators[2].type, HashType::sha1);
  EXPECT_EQ(file.indicators[2].name, "Dropper");
  // yara, file:name, revoked, and != / an MD5 key with a SHA-256 value: no usable hash.
  EXPECT_EQ(file.rows_skipped, 4U);
}

TEST(IocFormats, OneStixIndicatorOrOneRecordOrAnArrayOfStrings) {
  EXPECT_EQ(parse_ok(R"({"type":"indicator","pattern":"[file:hashes.'SHA-256' = ')" + std::string(kSha256) + "']\"}")
                .indicators.size(),
            1U);
  const auto record = parse_ok(R"({"md5": ")" + std::string(kMd5) + R"(", "FileName": "x.aspx"})");
  ASSERT_EQ(record.indicators.size(), 1U);
  EXPECT_EQ(record.indicators[0].name, "x.aspx");
  EXPECT_EQ(counts(parse_ok("[\"" + std::string(kSha256) + "\", \"" + std::string(kSha1) + "\", \"x\", 5]")),
            (Counts{0, 1, 1}));
}

TEST(IocFormats, CrlfBomAndUpperCase) {
  std::string upper(kSha256);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  const auto file = parse_ok("\xEF\xBB\xBF" + upper + "\r\n" + std::string(kMd5) + "\r\n");
  ASSERT_EQ(file.indicators.size(), 2U);
  EXPECT_EQ(file.indicators[0].hex, kSha256);
  EXPECT_EQ(file.indicators[1].type, HashType::md5);
  EXPECT_EQ(file.indicators[1].source, "t.txt:2");
  EXPECT_EQ(file.indicators[1].name, "");
}

TEST(IocFormats, QuotedCsvFieldsIncludingALineBreak) {
  const auto file = parse_ok("\"SHA256\",\"Comment\",\"Source\"\n\"" + std::string(kSha256) +
                             "\",\"web shell, \"\"China Chopper\"\"\",\"CERT, 2021\"\n" + std::string(kMd5) +
                             ",\"two\nlines\",x\n" + std::string(kSha1) + ",third,\n");
  ASSERT_EQ(file.indicators.size(), 3U);
  EXPECT_EQ(file.indicators[0].name, "web shell, \"China Chopper\"");
  EXPECT_EQ(file.indicators[0].reference, "CERT, 2021");
  EXPECT_EQ(file.indicators[1].name, "two lines");  // line breaks in names become spaces
  EXPECT_EQ(file.indicators[2].source, "t.txt:5");
  EXPECT_EQ(file.rows_skipped, 0U);
}

class HashColumn : public ::testing::TestWithParam<const char*> {};

TEST_P(HashColumn, IsFoundByName) {
  const std::string value = std::string_view(GetParam()) == "md5" ? std::string(kMd5) : std::string(kSha256);
  const auto file = parse_ok(std::string("date,") + GetParam() + ",note\n2021-03-02," + value + ",shell\n");
  ASSERT_EQ(file.indicators.size(), 1U);
  EXPECT_EQ(file.indicators[0].hex, value);
  EXPECT_EQ(file.indicators[0].name, "shell");
}

INSTANTIATE_TEST_SUITE_P(Names, HashColumn,
                         ::testing::Values("sha256", "SHA256", "SHA-256", "hash", "md5", "Indicator", "sha256_hash",
                                           "FileHash", "Data", "IOC", "value"));

TEST(IocFormats, SemicolonAndTabSeparatedCsv) {
  auto semi = parse_ok("name;sha256\nshell;\"" + std::string(kSha256) + "\"\n");
  ASSERT_EQ(semi.indicators.size(), 1U);
  EXPECT_EQ(semi.indicators[0].name, "shell");
  auto tabs = parse_ok("md5\tfilename\n" + std::string(kMd5) + "\tx.exe\n");
  ASSERT_EQ(tabs.indicators.size(), 1U);
  EXPECT_EQ(tabs.indicators[0].name, "x.exe");
}

TEST(IocFormats, AbuseChCommentedHeaderWithSpacesAfterCommas) {
  const auto file = parse_ok(
      "#####\n# MalwareBazaar dump\n#\n# \"first_seen_utc\",\"sha256_hash\",\"md5_hash\",\"file_name\"\n"
      "\"2021-03-02 00:00:00\", \"" +
      std::string(kSha256) + "\", \"" + std::string(kMd5) + "\", \"shell.aspx\"\n");
  EXPECT_EQ(counts(file), (Counts{1, 0, 1}));
  ASSERT_FALSE(file.indicators.empty());
  EXPECT_EQ(file.indicators[0].name, "shell.aspx");
}

TEST(IocFormats, TypeColumnSkipsNonHashRowsOfAGenericColumn) {
  const auto file = parse_ok("type,indicator\nFileHash-SHA256," + std::string(kSha256) + "\ndomain,example.com\n" +
                             "filepath," + std::string(kMd5) + "\nip,10.0.0.1\n");
  EXPECT_EQ(counts(file), (Counts{0, 0, 1}));
  EXPECT_EQ(file.rows_skipped, 3U);
}

TEST(IocFormats, PlainLinesWithCommentsLokiAndSha256sum) {
  const auto file = parse_ok("# HAFNIUM hashes\n\n" + std::string(kSha256) + "\n  # indented comment\n" +
                             std::string(kMd5) + ";Loki comment\n" + std::string(kSha1) + "  *shell.aspx\n");
  ASSERT_EQ(counts(file), (Counts{1, 1, 1}));
  EXPECT_EQ(file.indicators[1].name, "Loki comment");
  EXPECT_EQ(file.indicators[2].name, "shell.aspx");
  EXPECT_EQ(file.indicators[2].source, "t.txt:6");
  EXPECT_EQ(file.rows_skipped, 0U);
}

// ---- hostile and empty input ----

TEST(IocHostile, EmptyListsAreEmptyNotErrors) {
  for (std::string_view text : {"", "\n\r\n  \n", "# nothing yet\n", "sha256,name\n", "[]", "\xEF\xBB\xBF"}) {
    auto parsed = parse_ioc_file(text, "t.txt");
    ASSERT_TRUE(parsed) << text << ": " << parsed.error().to_string();
    EXPECT_TRUE(parsed->indicators.empty());
  }
}

TEST(IocHostile, InputWithNoHashIsAnErrorNamingTheFile) {
  for (std::string_view text : {std::string_view("not, a, list\nof hashes\n"), std::string_view("[{\"a\": 1}]"),
                                std::string_view("{\"a\": 1}"), std::string_view("\"just a string\"")}) {
    auto parsed = parse_ioc_file(text, "t.txt");
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, Errc::parse_error);
    EXPECT_EQ(parsed.error().where.source, "t.txt");
  }
}

TEST(IocHostile, TruncatedJson) {
  const std::string json = R"([{"Indicator": ")" + std::string(kSha256) + R"(", "IndicatorType": "sha256"}, {"Indi)";
  auto parsed = parse_ioc_file(json, "t.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, Errc::parse_error);
}

TEST(IocHostile, DeepJsonNestingIsRefused) {
  auto parsed = parse_ioc_file(std::string(100'000, '[') + std::string(100'000, ']'), "t.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, Errc::limit_exceeded);
}

TEST(IocHostile, BinaryJunkAndUtf16) {
  std::string junk;
  for (unsigned i = 0; i < 4096; ++i) junk += static_cast<char>((i * 2654435761U) >> 24U);
  EXPECT_FALSE(parse_ioc_file(junk, "t.bin"));
  std::string no_nul = junk;
  std::replace(no_nul.begin(), no_nul.end(), '\0', '\x01');
  EXPECT_FALSE(parse_ioc_file(no_nul, "t.bin"));
  auto utf16 = parse_ioc_file(std::string_view("\xFF\xFE\x61\0\x62\0", 6), "t.txt");
  ASSERT_FALSE(utf16);
  EXPECT_NE(utf16.error().message.find("UTF-16"), std::string::npos);
}

TEST(IocHostile, TenMegabyteLine) {
  const auto file = parse_ok(std::string(kSha256) + ";" + std::string(10U << 20U, 'x'));
  ASSERT_EQ(file.indicators.size(), 1U);
  EXPECT_LE(file.indicators[0].name.size(), 200U);
  EXPECT_FALSE(parse_ioc_file(std::string(10U << 20U, 'a'), "t.txt"));
  EXPECT_FALSE(parse_ioc_file("sha256,name\n\"" + std::string(10U << 20U, 'a') + "\n", "t.csv"));
}

TEST(IocHostile, NonHexAndLongerHexAreNotHashes) {
  const std::string not_hex(64, 'g');
  const std::string longer = std::string(kSha256) + "00";
  const std::string prefixed = "0x" + std::string(kSha256);
  auto file = parse_ok(not_hex + "\n" + longer + "\n" + prefixed + "\n" + std::string(kSha256).substr(1) + "\n" +
                       std::string(kMd5) + "\n");
  EXPECT_EQ(counts(file), (Counts{1, 0, 0}));
  EXPECT_EQ(file.rows_skipped, 4U);
  file = parse_ok("hash,name\n" + longer + ",a\n" + not_hex + ",b\n" + std::string(kSha1) + ",c\n");
  EXPECT_EQ(counts(file), (Counts{0, 1, 0}));
  EXPECT_EQ(file.rows_skipped, 2U);
  EXPECT_FALSE(parse_ioc_file(not_hex + "\n" + longer + "\n", "t.txt"));
}

TEST(IocHostile, AMillionRowsParseFast) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(65'000'000);
  std::uint64_t state = 0x9E3779B97F4A7C15U;
  for (int row = 0; row < 1'000'000; ++row) {
    for (int i = 0; i < 64; ++i) {
      state = state * 6364136223846793005U + 1442695040888963407U;
      text += kHex[state >> 60U];
    }
    text += '\n';
  }
  const auto start = std::chrono::steady_clock::now();
  auto parsed = parse_ioc_file(text, "big.txt");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(parsed->indicators.size(), 1'000'000U);
  EXPECT_EQ(parsed->indicators.back().source, "big.txt:1000000");
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(seconds, 2.0);  // ~0.5 s on a busy 2-core VM; the margin is for CI neighbours
#else
  EXPECT_LT(seconds, 30.0);  // debug and sanitizer builds: only catch a quadratic slip
#endif
  std::cout << "parsed 1,000,000 SHA-256 lines (65 MB) in " << seconds << " s\n";
}

TEST(IocHostile, MissingFileIsAnIoError) {
  auto parsed = read_ioc_file("/nonexistent/iocs.csv");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, Errc::io_error);
}

// ---- IocSet ----

TEST(IocSet, FindsByRawDigestAndTheFirstListingWins) {
  IocSet set;
  EXPECT_FALSE(set.has(HashType::sha256));
  set.add(parse_ok(std::string(kSha256) + ";first\n" + std::string(kSha256) + ";second\n" + std::string(kMd5) + "\n"));
  EXPECT_EQ(set.size(), 2U);
  EXPECT_TRUE(set.has(HashType::sha256));
  EXPECT_TRUE(set.has(HashType::md5));
  EXPECT_FALSE(set.has(HashType::sha1));
  const auto* hit = set.find(HashType::sha256, digest(kSha256));
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->name, "first");
  EXPECT_EQ(hit->source, "t.txt:1");
  EXPECT_EQ(set.find(HashType::md5, digest(kSha256)), nullptr);  // right bytes, wrong type
  EXPECT_EQ(set.find(HashType::sha256, digest(kMd5)), nullptr);  // wrong length
  auto other = digest(kSha256);
  other.back() ^= 1U;
  EXPECT_EQ(set.find(HashType::sha256, other), nullptr);
}

TEST(IocSet, HandMadeIndicatorsAreNormalizedOrIgnored) {
  IocSet set;
  std::string upper(kSha1);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  set.add(Indicator{HashType::sha1, upper, "x", "", ""});
  set.add(Indicator{HashType::sha256, std::string(kSha1), "wrong type for its length", "", ""});
  set.add(Indicator{HashType::md5, "zz", "", "", ""});
  EXPECT_EQ(set.size(), 1U);
  const auto* hit = set.find(HashType::sha1, digest(kSha1));
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->hex, kSha1);
}

TEST(IocSet, HashTypeNamesAndLengths) {
  EXPECT_EQ(to_string(HashType::sha1), "sha1");
  EXPECT_EQ(hash_type_of_hex(kMd5), HashType::md5);
  EXPECT_EQ(hash_type_of_hex(std::string(64, 'F')), HashType::sha256);
  EXPECT_EQ(hash_type_of_hex(std::string(63, 'f')), std::nullopt);
  EXPECT_EQ(hash_type_of_hex(std::string(40, 'x')), std::nullopt);
}

}  // namespace
}  // namespace exray::filescan
