// SPDX-License-Identifier: Apache-2.0
#include "exray/filescan/heuristics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>

#include "exray/core/text.hpp"

namespace exray::filescan {

namespace {

using namespace std::string_view_literals;

// Exchange's own pages in owa/auth and ecp/auth (2013–2019 and SE). Anything else with a script
// extension there was put there by someone: Hafnium's shells sat next to these.
constexpr std::array kExchangeAuthPages = {
    "logon.aspx"sv,      "logoff.aspx"sv,   "errorfe.aspx"sv,       "expiredpassword.aspx"sv,
    "frowny.aspx"sv,     "outlookcn.aspx"sv, "redirsuiteserviceproxy.aspx"sv, "signout.aspx"sv,
    "svmfeedback.aspx"sv, "timeoutlogout.aspx"sv, "getidtokens.ashx"sv, "owaauth.dll"sv,
};

// Handler types IIS will run if asked for them; aspnet_client normally holds only .js files.
constexpr std::array kHandlerExtensions = {".aspx"sv, ".ashx"sv, ".asmx"sv, ".asp"sv,    ".asa"sv,  ".cer"sv,
                                           ".cdx"sv,  ".soap"sv, ".svc"sv,  ".cshtml"sv, ".vbhtml"sv, ".asax"sv,
                                           ".ascx"sv, ".master"sv, ".rem"sv};

bool one_of(std::string_view value, std::span<const std::string_view> list) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view v) { return iequals(value, v); });
}

// Where server-side code starts, if anywhere: `<%` or a runat=server script block.
std::optional<std::size_t> server_script_at(std::string_view bytes) {
  std::optional<std::size_t> best;
  if (auto p = bytes.find("<%"); p != std::string_view::npos) best = p;
  for (std::size_t from = 0; from < bytes.size();) {
    auto p = bytes.find("runat", from);
    if (p == std::string_view::npos) break;
    const auto window = bytes.substr(p, 24);
    if (icontains(window, "server")) {
      const auto open = bytes.rfind('<', p);
      const auto at = open == std::string_view::npos ? p : open;
      if (!best || at < *best) best = at;
      break;
    }
    from = p + 5;
  }
  return best;
}

std::uint32_t u32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  std::memcpy(&v, b.data() + at, 4);
  return v;  // minidumps are little-endian, like every host exray targets
}

bool in_web_root(std::string_view relative) {
  return icontains(relative, "/frontend/httpproxy/") || icontains(relative, "/clientaccess/") ||
         icontains(relative, "/inetpub/wwwroot/") || icontains(relative, "/aspnet_client/");
}

Hit excerpt_hit(Hit hit, std::string_view bytes, std::size_t at) {
  hit.offset = at;
  hit.excerpt = make_excerpt(bytes.substr(std::min(at, bytes.size()), 160));
  return hit;
}

void aspnet_client(const FileView& f, std::string_view ext, std::vector<Hit>& out) {
  if (!icontains(f.entry->relative, "/aspnet_client/")) return;
  const bool handler = one_of(ext, kHandlerExtensions);
  if (!handler && !iequals(ext, ".config")) return;
  out.push_back(Hit{"webshell-aspnet-client-handler",
                    fmt::format("{} file under aspnet_client", ext),
                    handler ? FindingKind::webshell : FindingKind::suspicious_file,
                    handler ? Severity::high : Severity::medium, Confidence::medium,
                    "Exchange and IIS put only static scripts in aspnet_client; the 2021 attackers wrote web shells "
                    "there because any page in it runs unauthenticated.",
                    0, make_excerpt(f.bytes.substr(0, 160)), {}});
}

void auth_folder(const FileView& f, std::string_view ext, std::vector<Hit>& out) {
  const auto& rel = f.entry->relative;
  if (!icontains(rel, "/owa/auth/") && !icontains(rel, "/ecp/auth/")) return;
  if (!one_of(ext, kHandlerExtensions)) return;
  if (one_of(f.entry->name(), kExchangeAuthPages)) return;
  out.push_back(Hit{"webshell-exchange-auth-unknown-page", "Unknown script page in OWA/ECP auth folder",
                    FindingKind::webshell, Severity::medium, Confidence::medium,
                    "Pages in owa/auth and ecp/auth run before sign-in; Exchange ships a fixed set of them and "
                    "Hafnium's web shells were written beside them.",
                    0, make_excerpt(f.bytes.substr(0, 160)), {}});
}

void content_mismatch(const FileView& f, std::string_view ext, std::vector<Hit>& out) {
  const auto expected = expected_content(ext);
  if (expected == Content::unknown || f.content == expected) return;
  const auto& rel = f.entry->relative;
  const std::vector<Field> fields{{"content", std::string(to_string(f.content))}, {"extension", std::string(ext)}};
  if (expected == Content::text) {
    // Two-byte magics (BM, MZ aside) are too weak to contradict a text extension.
    const bool strong = f.content != Content::unknown && f.content != Content::bmp && f.content != Content::ico;
    if (!strong) return;
    if (is_server_script_extension(ext)) {
      const auto script = server_script_at(f.bytes);
      auto hit = Hit{"webshell-script-in-container",
                     fmt::format("{} file that is really {}", ext, to_string(f.content)),
                     script ? FindingKind::webshell : FindingKind::suspicious_file,
                     script ? Severity::high : Severity::medium, script ? Confidence::high : Confidence::medium,
                     script ? "IIS runs the server-side script inside this container; ProxyShell wrote its web "
                              "shells as PST files this way, others hide them behind image headers."
                            : "A binary container under a server-script name: a failed or encoded web shell drop.",
                     0, {}, fields};
      out.push_back(excerpt_hit(std::move(hit), f.bytes, script.value_or(0)));
      return;
    }
    if (f.content == Content::pe || f.content == Content::elf || is_archive(f.content) || f.content == Content::minidump) {
      const bool staged = icontains(rel, "/programdata/") || in_web_root(rel) || icontains(rel, "/windows/temp/");
      out.push_back(Hit{"suspicious-disguised-binary", fmt::format("{} named {}", to_string(f.content), ext),
                        FindingKind::suspicious_file, staged ? Severity::medium : Severity::low, Confidence::medium,
                        "Executables and archives given text names are how tools are dropped and data is staged "
                        "for theft without drawing attention.",
                        0, {}, fields});
    }
    return;
  }
  if (is_image(expected) || expected == Content::pdf) {
    const auto script = server_script_at(f.bytes.substr(0, std::min<std::size_t>(f.bytes.size(), 1 << 20)));
    if (script && f.content == Content::unknown)
      out.push_back(excerpt_hit(Hit{"webshell-script-named-as-image", fmt::format("Server script named {}", ext),
                                    FindingKind::webshell, Severity::medium, Confidence::medium,
                                    "A server page saved under an image name waits to be renamed or included.", 0, {},
                                    fields},
                                f.bytes, *script));
  }
}

void written_recently(const FileView& f, std::string_view ext, const HeuristicOptions& o, std::vector<Hit>& out) {
  if (!o.written_since || f.entry->modified < *o.written_since) return;
  if (!one_of(ext, kHandlerExtensions) || !in_web_root(f.entry->relative)) return;
  out.push_back(Hit{"suspicious-webroot-script-written", "Script written into an Exchange web root since " +
                                                             format_iso8601(*o.written_since).substr(0, 10),
                    FindingKind::suspicious_file, Severity::low, Confidence::low,
                    "Exchange's own pages change only with updates: a page written during the attack window "
                    "deserves a look.",
                    0, {}, {{"modified", format_iso8601(f.entry->modified)}}});
}

void dearcry(const FileView& f, std::vector<Hit>& out) {
  if (f.content != Content::dearcry) return;
  std::vector<Field> fields;
  // DearCry, like WannaCry before it, follows its marker with the length of the RSA-wrapped AES
  // key (256 for RSA-2048) and the key itself; then a file type word and the original size.
  const bool layout = f.bytes.size() >= 280 && u32(f.bytes, 8) == 256;
  if (layout) {
    std::uint64_t original = 0;
    std::memcpy(&original, f.bytes.data() + 272, 8);
    fields.push_back({"original_size", std::to_string(original)});
  }
  out.push_back(Hit{std::string(kDearCryRule), "File encrypted by DearCry ransomware", FindingKind::ransomware,
                    Severity::critical, layout ? Confidence::high : Confidence::medium,
                    "DearCry encrypted this file after exploiting Exchange; restore it from backup and treat the "
                    "server as compromised.",
                    0, make_excerpt(f.bytes.substr(0, 8)), std::move(fields)});
}

void lsass_dump(const FileView& f, std::vector<Hit>& out) {
  if (f.content != Content::minidump) return;
  auto process = minidump_process(f.bytes);
  if (!process || !icontains(*process, "lsass.exe")) return;
  out.push_back(Hit{"credential-dump-lsass-minidump", "Memory dump of lsass.exe", FindingKind::suspicious_file,
                    Severity::high, Confidence::high,
                    "A dump of LSASS holds the credentials of everyone signed in to the server; attackers took "
                    "them after the Exchange exploits (comsvcs.dll MiniDump, procdump). Reset those credentials.",
                    0, {}, {{"process", *process}}});
}

}  // namespace

std::optional<std::string> minidump_process(std::string_view b) {
  if (b.size() < 32 || !b.starts_with("MDMP")) return std::nullopt;
  const auto streams = u32(b, 8), directory = u32(b, 12);
  for (std::uint64_t s = 0; s < std::min<std::uint32_t>(streams, 4096); ++s) {
    const std::uint64_t entry = directory + s * 12;
    if (entry + 12 > b.size()) return std::nullopt;
    if (u32(b, entry) != 4) continue;  // ModuleListStream
    const std::uint64_t list = u32(b, entry + 8);
    if (list + 4 + 108 > b.size() || u32(b, list) == 0) return std::nullopt;
    const std::uint64_t name_at = u32(b, list + 4 + 20);  // first module's ModuleNameRva
    if (name_at + 4 > b.size()) return std::nullopt;
    const std::uint64_t length = u32(b, name_at);
    if (length > 1024 || name_at + 4 + length > b.size()) return std::nullopt;
    std::string name;
    for (std::uint64_t i = 0; i + 1 < length; i += 2) {
      const auto lo = static_cast<unsigned char>(b[name_at + 4 + i]);
      const auto hi = static_cast<unsigned char>(b[name_at + 4 + i + 1]);
      name += hi == 0 && lo >= 0x20 && lo < 0x7f ? static_cast<char>(lo) : '?';
    }
    return name;
  }
  return std::nullopt;
}

void run_heuristics(const FileView& f, const HeuristicOptions& options, std::vector<Hit>& out) {
  const auto ext = f.entry->extension();
  aspnet_client(f, ext, out);
  auth_folder(f, ext, out);
  content_mismatch(f, ext, out);
  written_recently(f, ext, options, out);
  dearcry(f, out);
  lsass_dump(f, out);
}

}  // namespace exray::filescan
