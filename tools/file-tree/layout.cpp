// SPDX-License-Identifier: Apache-2.0
// The slot table and the expansion of its folder patterns.
#include "layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace filetree {
namespace {

struct SlotDef {
  unsigned weight;
  Category source;
  Naming naming;
  bool small_only;
  // Files per folder; 0: each pattern once (System32 is one flat folder of thousands of files).
  unsigned files_per_dir;
  std::vector<std::string_view> patterns;  // placeholders: see expand()
};

// Weights are percentages of the benign files, after a look at a real Exchange 2019 server: most
// files are DLLs (System32, WinSxS, the GAC, Exchange's Bin), then web resources, scripts and
// documentation shipped by installed tools (Git for Windows brings a Unix /usr, Python its Lib).
const std::vector<SlotDef>& slot_defs() {
  using C = Category;
  using N = Naming;
  // One row per slot, to read as a table.
  // clang-format off
  static const std::vector<SlotDef> defs = {
      {9, C::kLibrary, N::kDll, false, 0, {"Windows/System32"}},
      {2, C::kLibrary, N::kDll, false, 0, {"Windows/SysWOW64"}},
      {3, C::kExecutable, N::kExe, false, 0, {"Windows/System32"}},
      {2, C::kLibrary, N::kDll, false, 8, {"Windows/System32/DriverStore/FileRepository/{word}.inf_amd64_{hex16}"}},
      {11, C::kLibrary, N::kDll, false, 6,
       {"Windows/WinSxS/amd64_microsoft-windows-{word}_31bf3856ad364e35_10.0.17763.{n4}_none_{hex16}",
        "Windows/WinSxS/msil_system.{word}_b03f5f7f11d50a3a_4.0.15.{n4}_none_{hex16}"}},
      {5, C::kLibrary, N::kDll, false, 2,
       {"Windows/Microsoft.NET/assembly/GAC_MSIL/Microsoft.Exchange.{Word}/v4.0_15.0.0.0__31bf3856ad364e35"}},
      {2, C::kLibrary, N::kDll, false, 0, {"Windows/Microsoft.NET/Framework64/v4.0.30319"}},
      {2, C::kLibrary, N::kAppWeb, false, 4,
       {"Windows/Microsoft.NET/Framework64/v4.0.30319/Temporary ASP.NET Files/{app}/{hex8}/{hex8}"}},
      {3, C::kLocale, N::kMui, true, 300, {"Windows/System32/{lang}", "{V15}/Bin/{lang}"}},
      {8, C::kLibrary, N::kDll, false, 40,
       {"{V15}/Bin", "{V15}/Bin/Search/Ceres/{Word}", "{V15}/FrontEnd/HttpProxy/bin", "{V15}/ClientAccess/Owa/bin",
        "{V15}/ClientAccess/ecp/bin", "{V15}/TransportRoles/agents/{Word}"}},
      {1, C::kExecutable, N::kExe, false, 0, {"{V15}/Bin"}},
      {6, C::kWeb, N::kKeep, false, 40,
       {"{V15}/FrontEnd/HttpProxy/owa/auth/15.2.986/scripts/premium",
        "{V15}/FrontEnd/HttpProxy/owa/auth/15.2.986/themes/resources",
        "{V15}/ClientAccess/Owa/prem/15.2.986.5/scripts/{word}",
        "{V15}/ClientAccess/Owa/prem/15.2.986.5/resources/themes/{word}", "{V15}/ClientAccess/ecp/15.2.986.5/scripts",
        "{V15}/FrontEnd/HttpProxy/ecp/15.2.986.5/themes/default"}},
      {2, C::kAspNet, N::kKeep, true, 25,
       {"{V15}/FrontEnd/HttpProxy/owa/auth", "{V15}/FrontEnd/HttpProxy/ecp/auth", "{V15}/ClientAccess/ecp/{Word}",
        "{V15}/ClientAccess/Owa/forms/{word}", "{V15}/ClientAccess/Autodiscover", "{V15}/ClientAccess/Sync",
        "{V15}/ClientAccess/PowerShell-Proxy", "{V15}/ClientAccess/exchweb/ews", "inetpub/wwwroot"}},
      {4, C::kDoc, N::kLog, false, 60,
       {"{V15}/Logging/{Word}", "{V15}/TransportRoles/Logs/{Word}", "Windows/Logs/CBS", "Windows/Temp"}},
      {5, C::kPython, N::kTail2, false, 30,
       {"Program Files/Python311/Lib", "Program Files/Python311/Lib/site-packages"}},
      {2, C::kPerl, N::kTail2, false, 30, {"Program Files/Git/usr/share/perl5/core_perl", "Strawberry/perl/lib"}},
      {4, C::kHeader, N::kTail2, false, 0,
       {"Program Files (x86)/Windows Kits/10/Include/10.0.17763.0/um",
        "Program Files (x86)/Windows Kits/10/Include/10.0.17763.0/shared", "Program Files/Git/mingw64/include"}},
      {5, C::kDoc, N::kTail2, false, 0, {"Program Files/Git/usr/share/doc", "Program Files/Common Files/licenses"}},
      {2, C::kExecutable, N::kExe, false, 0, {"Program Files/Git/usr/bin", "Program Files/Git/mingw64/bin"}},
      {3, C::kLibrary, N::kDll, false, 30,
       {"Program Files/Common Files/microsoft shared/{Word}", "Program Files (x86)/{Word}"}},
      {1, C::kLocale, N::kKeep, true, 200, {"Program Files/Git/mingw64/share/locale/{langu}/LC_MESSAGES"}},
      {2, C::kFont, N::kKeep, false, 0, {"Windows/Fonts"}},
      {3, C::kData, N::kInstaller, false, 6,
       {"ProgramData/Package Cache/{guid}", "Windows/Installer/$PatchCache$/Managed/{HEX16}/15.2.986"}},
      {3, C::kData, N::kKeep, false, 20,
       {"ProgramData/Microsoft/Windows Defender/Definition Updates/{guid}",
        "ProgramData/Microsoft/Windows/WER/ReportArchive/AppCrash_{word}_{hex16}",
        "ProgramData/Microsoft/Exchange Server/V15/{Word}"}},
      {2, C::kDoc, N::kDocument, false, 30, {"Users/{user}/Documents", "Users/{user}/Desktop"}},
      {2, C::kData, N::kDocument, false, 30, {"Users/{user}/Documents", "Users/{user}/Downloads"}},
      {3, C::kWeb, N::kKeep, true, 40, {"Users/{user}/AppData/Local/Microsoft/Windows/INetCache/IE/{HEX8}"}},
      {2, C::kData, N::kTemp, false, 60, {"Users/{user}/AppData/Local/Temp", "Windows/Temp"}},
  };
  // clang-format on
  return defs;
}

// clang-format off
constexpr std::string_view kWords[] = {
    "audio", "bits", "cryptbase", "dhcp", "dns-client", "gpupdate", "iis-webserver", "kerberos", "lsa", "msmq",
    "ntfs", "powershell", "rpc-local", "schannel", "smbserver", "tcpip", "wmi-core", "wininet", "winhttp", "xmllite",
    "security-ntlm", "servicingstack", "com-base", "shell32", "web", "transactions", "data", "xml", "runtime",
    "configuration", "directoryservices", "net"};
constexpr std::string_view kComponents[] = {
    "Data", "Data.Storage", "Transport", "Management", "Search", "Diagnostics", "Rpc", "Net", "Security",
    "Clients.Owa2", "Common", "Configuration", "Directory", "Monitoring", "Protocols", "HttpProxy",
    "MailboxReplicationService", "UnifiedMessaging", "Compliance", "InfoWorker", "Autodiscover", "WebServices",
    "PowerShell", "Ecp"};
constexpr std::string_view kLangs[] = {
    "en-US", "de-DE", "fr-FR", "ja-JP", "es-ES", "zh-CN", "ru-RU", "pt-BR", "it-IT", "ko-KR"};
constexpr std::string_view kApps[] = {
    "owa", "ecp", "ews", "autodiscover", "microsoft-server-activesync", "powershell", "oab", "mapi", "root"};
constexpr std::string_view kUsers[] = {
    "exadmin", "svc_backup", "jsmith", "m.garcia", "a.novak", "helpdesk", "sqlsvc", "t.nguyen"};
// clang-format on

std::string hex(Rng& rng, int digits, bool upper) {
  std::string s = upper ? fmt::format("{:016X}", rng.next()) : fmt::format("{:016x}", rng.next());
  return s.substr(0, static_cast<std::size_t>(digits));
}

// The value of one placeholder of a folder pattern.
std::string placeholder(std::string_view key, Rng& rng, const std::vector<std::string>& users) {
  if (key == "V15") return std::string(kV15);
  if (key == "word") return std::string(rng.pick(kWords));
  if (key == "Word") return std::string(rng.pick(kComponents));
  if (key == "lang") return std::string(rng.pick(kLangs));
  if (key == "langu") return std::string(rng.pick(kLangs).substr(0, 2));  // gettext's "de", not "de-DE"
  if (key == "app") return std::string(rng.pick(kApps));
  if (key == "user") return users[rng.index(users.size())];
  if (key == "n4") return fmt::format("{}", rng.range(1000, 9999));
  if (key == "hex8") return hex(rng, 8, false);
  if (key == "hex16") return hex(rng, 16, false);
  if (key == "HEX8") return hex(rng, 8, true);
  if (key == "HEX16") return hex(rng, 16, true);
  if (key == "guid")
    return fmt::format("{{{}-{}-{}-{}-{}{}}}", hex(rng, 8, true), hex(rng, 4, true), hex(rng, 4, true),
                       hex(rng, 4, true), hex(rng, 4, true), hex(rng, 8, true));
  return std::string(key);  // a typo in the table shows in the tree
}

std::string expand(std::string_view pattern, Rng& rng, const std::vector<std::string>& users) {
  std::string out;
  while (!pattern.empty()) {
    const auto open = pattern.find('{');
    out.append(pattern.substr(0, open));
    if (open == std::string_view::npos) break;
    const auto close = pattern.find('}', open);
    out += placeholder(pattern.substr(open + 1, close - open - 1), rng, users);
    pattern.remove_prefix(close + 1);
  }
  return out;
}

}  // namespace

Layout make_layout(Rng& rng, std::uint64_t benign_files) {
  Layout layout;
  layout.users.emplace_back("Administrator");
  std::vector<std::string_view> others(std::begin(kUsers), std::end(kUsers));
  rng.shuffle(std::span(others));
  for (std::size_t i = 0; i < 3; ++i) layout.users.emplace_back(others[i]);
  layout.victim = layout.users[1 + rng.index(3)];

  unsigned total_weight = 0;
  for (const auto& d : slot_defs()) total_weight += d.weight;
  for (const auto& d : slot_defs()) {
    Slot slot{d.weight, d.source, d.naming, d.small_only, {}};
    std::set<std::string> dirs;  // sorted and unique: a pattern may expand to the same folder twice
    const auto expected = benign_files * d.weight / total_weight;
    const auto wanted = d.files_per_dir == 0 ? d.patterns.size() : std::max<std::size_t>(1, expected / d.files_per_dir);
    for (std::size_t i = 0; i < wanted; ++i) dirs.insert(expand(d.patterns[i % d.patterns.size()], rng, layout.users));
    slot.dirs.assign(dirs.begin(), dirs.end());
    layout.slots.push_back(std::move(slot));
  }
  // The installer caches take the tens-of-MB files: real ones hold .msi and .cab files that big.
  for (std::size_t i = 0; i < layout.slots.size(); ++i)
    if (layout.slots[i].naming == Naming::kInstaller) layout.huge_slot = i;

  const std::string v15(kV15);
  layout.shell_dirs = {
      "inetpub/wwwroot/aspnet_client/system_web",
      "inetpub/wwwroot/aspnet_client",
      v15 + "/FrontEnd/HttpProxy/owa/auth",
      v15 + "/FrontEnd/HttpProxy/ecp/auth",
      "inetpub/wwwroot/aspnet_client/system_web/4_0_30319",
      v15 + "/FrontEnd/HttpProxy/owa/auth/Current/themes/resources",
      v15 + "/ClientAccess/ecp/DDI",
      v15 + "/ClientAccess/Owa",
  };
  for (const auto& slot : layout.slots)
    for (const auto& dir : slot.dirs)
      if ((slot.source == Category::kWeb || slot.source == Category::kAspNet) &&
          (dir.starts_with(v15) || dir.starts_with("inetpub/")))
        layout.web_dirs.push_back(dir);
  return layout;
}

}  // namespace filetree
