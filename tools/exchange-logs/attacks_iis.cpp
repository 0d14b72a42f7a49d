// SPDX-License-Identifier: Apache-2.0
// Planted IIS lines (ProxyShell, ProxyNotShell, web shells) and the files for the path rules.
#include "attacks.hpp"

namespace exlogs {
namespace {

constexpr std::string_view kProxyShell = "proxyshell-autodiscover";
constexpr std::string_view kProxyNotShell = "proxynotshell-autodiscover-powershell";
constexpr std::string_view kShellDirs = "webshell-request-exchange-dirs";
constexpr std::string_view kShellCmd = "webshell-command-in-query";

constexpr std::string_view kAgents[] = {
    "python-requests/2.25.1",
    "Go-http-client/1.1",
    "curl/7.68.0",
    "Mozilla/5.0 zgrab/0.x",
    "antSword/v2.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:83.0) Gecko/20100101 Firefox/83.0"};
// Web shell names seen in 2021 (none is a page Exchange ships).
constexpr std::string_view kShellNames[] = {"supp0rt", "shell",  "errorEE", "OutlookEN", "HttpProxy", "discover",
                                            "xx",      "Logout", "MultiUp", "one",       "load",      "aspnettest"};

void as_attacker(PlantCtx& c, IisRow& r, std::string_view method, std::string_view stem, std::string_view query,
                 std::string_view status) {
  auto& a = r.arena;
  r.v[kIisMethod] = method;
  r.v[kStem] = stem;
  r.v[kQuery] = query;
  r.v[kStatus] = status;
  r.v[kSubstatus] = "0";
  r.v[kWin32Status] = "0";
  r.v[kUser] = "";
  r.v[kReferer] = "";
  r.v[kAgent] = c.rng.pick(kAgents);
  r.v[kClientIp] =
      c.rng.one_in(2) ? a.fmt("203.0.113.{}", c.rng.range(1, 254)) : a.fmt("198.51.100.{}", c.rng.range(1, 254));
}

std::string_view domain(PlantCtx& c, Arena& a) {
  static constexpr std::string_view kDomains[] = {"evil.com", "a.a", "x.com", "ffff.xyz"};
  return c.rng.one_in(3) ? a.fmt("{:x}.net", c.rng.below(1u << 20)) : c.rng.pick(kDomains);
}

std::string_view json_stem(PlantCtx& c) {
  static constexpr std::string_view kStems[] = {"/autodiscover/autodiscover.json", "/autodiscover/autodiscover.json",
                                                "/Autodiscover/autodiscover.json", "/AUTODISCOVER/AUTODISCOVER.JSON"};
  return c.rng.pick(kStems);
}

std::string_view status(PlantCtx& c) {
  static constexpr std::string_view kStatus[] = {"200", "200", "302", "401", "404", "500"};
  return c.rng.pick(kStatus);
}

Hits proxyshell(PlantCtx& c, IisRow& r) {
  auto& a = r.arena;
  const auto d = domain(c, a);
  std::string_view q;
  switch (c.rng.below(4)) {
    case 0: {
      std::string cat;  // the X-Rps-CAT token that carries the impersonated identity
      append_random(cat, c.rng, 60, kAlnum);
      q = a.fmt("@{0}/powershell/?&Email=autodiscover/autodiscover.json%3F@{0}&X-Rps-CAT={1}", d, cat);
      break;
    }
    case 1:
      q = a.fmt("@{0}/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@{0}", d);
      break;
    case 2:
      q = a.fmt("%40{}%2F%70owershell%2F", d);
      break;  // only visible once URL-decoded
    default:
      q = a.fmt("@{0}/owa/?&Email=Autodiscover/autodiscover.json%3f@{0}", d);
      break;
  }
  as_attacker(c, r, c.rng.one_in(2) ? "GET" : "POST", json_stem(c), q, status(c));
  Hits h;
  h.add(kProxyShell);
  return h;
}

Hits proxynotshell(PlantCtx& c, IisRow& r) {
  auto& a = r.arena;
  const auto d = domain(c, a);
  const std::string_view q =
      c.rng.one_in(2)
          ? a.fmt("@{0}/owa/&Email=autodiscover/autodiscover.json%3F@{0}&Protocol=XYZ&FooProtocol=%50owershell", d)
          : a.fmt("@{0}/powershell/?&Email=autodiscover/autodiscover.json%3F@{0}", d);
  static constexpr std::string_view kStatus[] = {"200", "400", "500", "302"};
  as_attacker(c, r, "POST", json_stem(c), q, c.rng.pick(kStatus));
  const std::string_view user = c.pop.users[c.rng.index(c.pop.users.size())];
  r.v[kUser] = c.rng.one_in(2) ? a.fmt("{}\\{}", kNetbios, user) : a.fmt("{}@{}", user, kDomain);
  Hits h;
  h.add(kProxyNotShell);
  return h;
}

Hits shell_in_dirs(PlantCtx& c, IisRow& r) {
  auto& a = r.arena;
  const auto name = c.rng.pick(kShellNames);
  std::string_view stem;
  switch (c.rng.below(6)) {
    case 0:
      stem = a.fmt("/aspnet_client/system_web/{}.aspx", name);
      break;
    case 1:
      stem = a.fmt("/owa/auth/Current/themes/resources/{}.aspx", name);
      break;
    case 2:
      stem = a.fmt("/ecp/auth/{}.ashx", name);
      break;
    case 3:
      stem = "/owa/auth/RedirSuiteServerProxy.aspx";
      break;  // one letter off the real page
    case 4:
      stem = a.fmt("/aspnet_client/{}.asp", name);
      break;
    default:
      stem = a.fmt("/OWA/AUTH/{}.ASPX", name);
      break;
  }
  static constexpr std::string_view kStatus[] = {"200", "200", "404", "500"};
  as_attacker(c, r, c.rng.one_in(3) ? "GET" : "POST", stem, c.rng.one_in(3) ? "t=1614745682" : "", c.rng.pick(kStatus));
  Hits h;
  h.add(kShellDirs);
  return h;
}

Hits command_in_query(PlantCtx& c, IisRow& r) {
  auto& a = r.arena;
  const auto name = c.rng.pick(kShellNames);
  std::string_view stem, q;
  switch (c.rng.below(5)) {
    case 0:
      stem = a.fmt("/uploads/{}.aspx", name);
      q = "c=cmd.exe+/c+whoami";
      break;
    case 1:
      stem = a.fmt("/x/{}.aspx", name);
      q = "q=%6Eet%20user%20admin%20P@ss%20/add";
      break;
    case 2:
      stem = a.fmt("/ews/{}.ashx", name);
      q = "cmd=ipconfig";
      break;
    case 3:
      stem = a.fmt("/ecp/{}.aspx", name);
      q = "z=powershell.exe+-enc+SQBFAFgAIAAoAE4AZQB3AC0A";
      break;
    default:
      stem = a.fmt("/Rpc/{}.asmx", name);
      q = "exec=net1+localgroup+administrators";
      break;
  }
  as_attacker(c, r, "GET", stem, q, status(c));
  Hits h;
  h.add(kShellCmd);
  return h;
}

Hits shell_with_command(PlantCtx& c, IisRow& r) {
  auto& a = r.arena;
  const auto name = c.rng.pick(kShellNames);
  std::string_view stem, q;
  switch (c.rng.below(4)) {
    case 0:
      stem = a.fmt("/aspnet_client/{}.aspx", name);
      q = "cmd=whoami";
      break;
    case 1:
      stem = a.fmt("/owa/auth/{}.ashx", name);
      q = "cmd=ipconfig+/all";
      break;
    case 2:
      stem = a.fmt("/ecp/auth/{}.aspx", name);
      q = "exec=cmd.exe+/c+dir+c:\\";
      break;
    default:
      stem = a.fmt("/aspnet_client/system_web/{}.aspx", name);
      q = "c=whoami+/all";
      break;
  }
  as_attacker(c, r, c.rng.one_in(2) ? "GET" : "POST", stem, q, status(c));
  Hits h;  // a web shell in a 2021 folder, used with a command: both rules
  h.add(kShellDirs);
  h.add(kShellCmd);
  return h;
}

// Near-misses: look like the above, match nothing.
Hits plain(IisRow& r, std::string_view method, std::string_view stem, std::string_view query, std::string_view user,
           std::string_view status) {
  r.v[kIisMethod] = method;
  r.v[kStem] = stem;
  r.v[kQuery] = query;
  r.v[kUser] = user;
  r.v[kStatus] = status;
  return {};
}

const Template kAttacks[] = {
    {"proxyshell iis", Target::iis, {}, {}, nullptr, proxyshell},
    {"proxynotshell iis", Target::iis, {}, {}, nullptr, proxynotshell},
    {"web shell in exchange dirs", Target::iis, {}, {}, nullptr, shell_in_dirs},
    {"command in query", Target::iis, {}, {}, nullptr, command_in_query},
    {"web shell with command", Target::iis, {}, {}, nullptr, shell_with_command},
};

const Template kNearMisses[] = {
    {"autodiscover v1.0 lookup",
     Target::iis,
     {},
     kProxyShell,
     nullptr,
     [](PlantCtx& c, IisRow& r) {
       return plain(r, "GET", r.arena.fmt("/autodiscover/autodiscover.json/v1.0/{}@{}", c.pop.users[0], kDomain),
                    "Protocol=EWS&RedirectCount=1", "", "200");
     }},
    {"authenticated nspi via autodiscover",
     Target::iis,
     {},
     kProxyShell,
     nullptr,
     [](PlantCtx& c, IisRow& r) {
       // The ProxyShell shape with a logged-on user and no "powershell": neither rule applies.
       return plain(r, "POST", "/autodiscover/autodiscover.json",
                    "@evil.com/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@evil.com",
                    r.arena.fmt("{}\\{}", kNetbios, c.pop.users[1]), "200");
     }},
    {"health mailbox powershell",
     Target::iis,
     {},
     kProxyNotShell,
     nullptr,
     [](PlantCtx& c, IisRow& r) {
       return plain(r, "POST", "/powershell", "clientApplication=ActiveMonitor;PSVersion=5.1",
                    r.arena.fmt("{}\\{}", kNetbios, c.pop.health_mailboxes[0]), "200");
     }},
    {"anonymous powershell",
     Target::iis,
     {},
     kProxyShell,
     nullptr,
     [](PlantCtx&, IisRow& r) {
       return plain(r, "POST", "/powershell", "clientApplication=ActiveMonitor;PSVersion=5.1", "", "200");
     }},
    {"owa logon post",
     Target::iis,
     {},
     kShellDirs,
     nullptr,
     [](PlantCtx&, IisRow& r) { return plain(r, "POST", "/owa/auth/logon.aspx", "replaceCurrent=1", "", "302"); }},
    {"aspnet_client script file",
     Target::iis,
     {},
     kShellDirs,
     nullptr,
     [](PlantCtx&, IisRow& r) {
       return plain(r, "GET", "/aspnet_client/system_web/4_0_30319/WebUIValidation.js", "", "", "200");
     }},
    {"owa auth favicon",
     Target::iis,
     {},
     kShellDirs,
     nullptr,
     [](PlantCtx&, IisRow& r) {
       return plain(r, "GET", "/owa/auth/15.1.2176/themes/resources/favicon.ico", "", "", "200");
     }},
    {"search for network users",
     Target::iis,
     {},
     kShellCmd,
     nullptr,
     [](PlantCtx&, IisRow& r) { return plain(r, "GET", "/search.aspx", "q=network+users+guide", "", "200"); }},
    {"cmd parameter on a script file",
     Target::iis,
     {},
     kShellCmd,
     nullptr,
     [](PlantCtx&, IisRow& r) { return plain(r, "GET", "/static/cmd.js", "cmd=1", "", "200"); }},
    {"owa logon redirect",
     Target::iis,
     {},
     kShellCmd,
     nullptr,
     [](PlantCtx&, IisRow& r) {
       return plain(r, "GET", "/owa/auth/logon.aspx", "url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0", "",
                    "200");
     }},
};

}  // namespace

std::span<const Template> iis_attack_templates() { return kAttacks; }
std::span<const Template> iis_near_miss_templates() { return kNearMisses; }

std::vector<PathPlant> path_plants(Rng& rng) {
  std::string tag;
  append_random(tag, rng, 6, "abcdefghijklmnopqrstuvwxyz0123456789");
  return {
      {"root/lsass.dmp", "lsass-dump", {}},
      {"Windows/Temp/lsass_" + tag + ".DMP", "lsass-dump", {}},
      {"ProgramData/" + tag + ".7z", "programdata-archive", {}},
      {"ProgramData/VSPerfMon/out.zip", "programdata-archive", {}},
      {"ProgramData/Microsoft/Crypto/" + tag + ".RAR", "programdata-archive", {}},
      {"Windows/Temp/memory.dmp", {}, "lsass-dump"},
      {"Windows/System32/lsass.exe", {}, "lsass-dump"},
      {"Users/jane.doe/Downloads/a.zip", {}, "programdata-archive"},
      {"ProgramData/notes.txt", {}, "programdata-archive"},
      {"ProgramDataBackup/" + tag + ".7z", {}, "programdata-archive"},
  };
}

}  // namespace exlogs
