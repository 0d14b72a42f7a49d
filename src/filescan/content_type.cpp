// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/content_type.hpp"

#include <array>
#include <utility>

#include "exray/core/text.hpp"

namespace exray::filescan {

namespace {

struct Magic {
  std::string_view bytes;
  Content content;
};

using namespace std::string_view_literals;
constexpr std::array kMagics = {
    Magic{"DEARCRY!"sv, Content::dearcry},
    Magic{"MDMP"sv, Content::minidump},
    Magic{"!BDN"sv, Content::pst},
    Magic{"MZ"sv, Content::pe},
    Magic{"\x7f" "ELF"sv, Content::elf},
    Magic{"PK\x03\x04"sv, Content::zip},
    Magic{"PK\x05\x06"sv, Content::zip},
    Magic{"\x1f\x8b"sv, Content::gzip},
    Magic{"7z\xbc\xaf\x27\x1c"sv, Content::seven_zip},
    Magic{"Rar!\x1a\x07"sv, Content::rar},
    Magic{"MSCF"sv, Content::cab},
    Magic{"\x89PNG\r\n\x1a\n"sv, Content::png},
    Magic{"\xff\xd8\xff"sv, Content::jpeg},
    Magic{"GIF87a"sv, Content::gif},
    Magic{"GIF89a"sv, Content::gif},
    Magic{"BM"sv, Content::bmp},
    Magic{"\x00\x00\x01\x00"sv, Content::ico},
    Magic{"%PDF-"sv, Content::pdf},
    Magic{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"sv, Content::ole},
    Magic{"\x30\x82"sv, Content::der},
};

struct Expectation {
  std::string_view extension;
  Content content;
};

constexpr std::array kExpectations = {
    Expectation{".aspx", Content::text},   Expectation{".ashx", Content::text},  Expectation{".asmx", Content::text},
    Expectation{".asp", Content::text},    Expectation{".asax", Content::text},  Expectation{".ascx", Content::text},
    Expectation{".master", Content::text}, Expectation{".cshtml", Content::text}, Expectation{".vbhtml", Content::text},
    Expectation{".config", Content::text}, Expectation{".svc", Content::text},   Expectation{".soap", Content::text},
    Expectation{".js", Content::text},     Expectation{".css", Content::text},   Expectation{".htm", Content::text},
    Expectation{".html", Content::text},   Expectation{".xml", Content::text},   Expectation{".json", Content::text},
    Expectation{".txt", Content::text},    Expectation{".log", Content::text},   Expectation{".ps1", Content::text},
    Expectation{".psm1", Content::text},   Expectation{".bat", Content::text},   Expectation{".cmd", Content::text},
    Expectation{".vbs", Content::text},    Expectation{".ini", Content::text},   Expectation{".csv", Content::text},
    Expectation{".exe", Content::pe},      Expectation{".dll", Content::pe},     Expectation{".sys", Content::pe},
    Expectation{".zip", Content::zip},     Expectation{".gz", Content::gzip},    Expectation{".7z", Content::seven_zip},
    Expectation{".rar", Content::rar},     Expectation{".cab", Content::cab},    Expectation{".png", Content::png},
    Expectation{".jpg", Content::jpeg},    Expectation{".jpeg", Content::jpeg},  Expectation{".gif", Content::gif},
    Expectation{".bmp", Content::bmp},     Expectation{".ico", Content::ico},    Expectation{".pdf", Content::pdf},
    Expectation{".pst", Content::pst},     Expectation{".dmp", Content::minidump},
};

constexpr std::array kServerScripts = {".aspx"sv, ".ashx"sv, ".asmx"sv, ".asp"sv,    ".asax"sv, ".ascx"sv,
                                       ".cshtml"sv, ".vbhtml"sv, ".soap"sv, ".svc"sv, ".cer"sv,  ".asa"sv,
                                       ".cdx"sv,  ".config"sv, ".master"sv};

}  // namespace

std::string_view to_string(Content content) noexcept {
  constexpr std::array names = {"unknown"sv, "text"sv,    "PE executable"sv, "ELF executable"sv, "PST"sv,
                                "DER"sv,     "ZIP"sv,     "gzip"sv,          "7-Zip"sv,          "RAR"sv,
                                "CAB"sv,     "PNG"sv,     "JPEG"sv,          "GIF"sv,            "BMP"sv,
                                "ICO"sv,     "PDF"sv,     "OLE"sv,           "minidump"sv,       "DearCry-encrypted"sv};
  const auto i = static_cast<std::size_t>(content);
  return i < names.size() ? names[i] : "unknown"sv;
}

Content sniff_content(std::string_view head) noexcept {
  for (const auto& m : kMagics)
    if (head.starts_with(m.bytes)) return m.content;
  return Content::unknown;
}

Content expected_content(std::string_view extension) noexcept {
  for (const auto& e : kExpectations)
    if (iequals(extension, e.extension)) return e.content;
  return Content::unknown;
}

bool is_server_script_extension(std::string_view extension) noexcept {
  for (auto e : kServerScripts)
    if (iequals(extension, e)) return true;
  return false;
}

bool is_archive(Content c) noexcept {
  return c == Content::zip || c == Content::gzip || c == Content::seven_zip || c == Content::rar || c == Content::cab;
}

bool is_image(Content c) noexcept {
  return c == Content::png || c == Content::jpeg || c == Content::gif || c == Content::bmp || c == Content::ico;
}

}  // namespace exray::filescan
