// SPDX-License-Identifier: Apache-2.0
// Benign IIS W3C rows, ECP Server rows and OABGenerator lines.
#include <algorithm>
#include <span>

#include "traffic.hpp"
#include "writer.hpp"

namespace exlogs {
namespace {

constexpr std::string_view kIisFieldNames[kIisFieldCount] = {
    "date",           "time",         "s-ip",      "cs-method",    "cs-host",
    "cs-uri-stem",    "cs-uri-query", "s-port",    "cs-username",  "c-ip",
    "cs(User-Agent)", "cs(Referer)",  "sc-status", "sc-substatus", "sc-win32-status",
    "time-taken"};

// Layout 0 is what Exchange's setup configures; the others are what an administrator's change of
// the logged fields produces mid-file (cs-host added, c-ip and cs-username swapped, reordered).
constexpr IisField kLayout0[] = {kDate,     kTime,  kServerIp, kIisMethod, kStem,      kQuery,       kPort,     kUser,
                                 kClientIp, kAgent, kReferer,  kStatus,    kSubstatus, kWin32Status, kTimeTaken};
constexpr IisField kLayout1[] = {kDate,   kTime,      kServerIp,    kIisMethod, kHost,  kStem,
                                 kQuery,  kPort,      kUser,        kClientIp,  kAgent, kReferer,
                                 kStatus, kSubstatus, kWin32Status, kTimeTaken};
constexpr IisField kLayout2[] = {kDate, kTime,  kServerIp, kIisMethod, kStem,      kQuery,       kPort,     kClientIp,
                                 kUser, kAgent, kReferer,  kStatus,    kSubstatus, kWin32Status, kTimeTaken};
constexpr IisField kLayout3[] = {kDate, kTime,     kIisMethod, kStem,  kQuery,     kStatus,      kServerIp, kPort,
                                 kUser, kClientIp, kHost,      kAgent, kSubstatus, kWin32Status, kTimeTaken};
constexpr std::span<const IisField> kLayouts[kIisLayoutCount] = {kLayout0, kLayout1, kLayout2, kLayout3};

std::string& scratch() {
  static std::string s;
  s.clear();
  return s;
}

std::string_view cafe(Rng& rng, Arena& a) { return a.fmt("&CorrelationID=<empty>;&cafeReqId={};", a.guid(rng)); }

constexpr std::string_view kOutlookIis[] = {
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.13801; Pro)",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5110; Pro)"};

}  // namespace

std::string iis_fields_line(int layout) {
  std::string out = "#Fields:";
  for (IisField f : kLayouts[layout]) {
    out.push_back(' ');
    out.append(kIisFieldNames[f]);
  }
  return out;
}

void fill_iis_row(Rng& rng, const Population& pop, std::int64_t ms, IisRow& row) {
  auto& a = row.arena;
  auto& v = row.v;
  a.clear();
  v.fill({});
  std::string& s = scratch();
  append_date(s, ms);
  v[kDate] = a.put(s);
  s.clear();
  append_hms(s, ms);
  v[kTime] = a.put(s);
  v[kServerIp] = kServerAddress;
  v[kPort] = "443";
  v[kHost] = "mail.contoso.com";
  v[kClientIp] = pop.client_ips[rng.index(pop.client_ips.size())];
  v[kStatus] = "200";
  v[kSubstatus] = "0";
  v[kWin32Status] = "0";
  v[kTimeTaken] = a.num(rng.range(1, 400));
  v[kIisMethod] = "POST";
  v[kAgent] = rng.pick(kOutlookIis);
  const std::string_view user = pop.users[rng.index(pop.users.size())];
  v[kUser] = rng.one_in(2) ? a.fmt("{}@{}", user, kDomain) : a.fmt("{}\\{}", kNetbios, user);

  const auto k = rng.below(100);
  if (k < 20) {
    v[kStem] = "/owa/service.svc";
    v[kQuery] = a.fmt("action=GetItem&EP=1&ID=-{}&AC=1{}", rng.range(1, 300), cafe(rng, a));
    v[kAgent] = pick_browser_agent(rng);
    v[kReferer] = "https://mail.contoso.com/owa/";
  } else if (k < 38) {
    v[kStem] = "/EWS/Exchange.asmx";
    v[kQuery] = cafe(rng, a);
  } else if (k < 54) {
    v[kStem] = "/mapi/emsmdb/";
    v[kQuery] = a.fmt("mailboxId={}@{}{}", a.guid(rng), kDomain, cafe(rng, a));
  } else if (k < 64) {
    v[kStem] = "/Microsoft-Server-ActiveSync/default.eas";
    // EAS puts "Cmd=" in every query: harmless, the page is not a script page.
    v[kQuery] =
        a.fmt("Cmd=Ping&User={}&DeviceId={:X}&DeviceType=iPhone{}", user, rng.next() & 0xFFFFFFFFFFULL, cafe(rng, a));
    v[kAgent] = "Apple-iPhone12C1/1804.58";
  } else if (k < 72) {
    v[kStem] = "/rpc/rpcproxy.dll";
    v[kIisMethod] = rng.one_in(2) ? "RPC_IN_DATA" : "RPC_OUT_DATA";
    v[kQuery] = a.fmt("{}@{}:6001{}", a.guid(rng), kDomain, cafe(rng, a));
    v[kAgent] = "MSRPC";
  } else if (k < 78) {
    v[kStem] = "/Autodiscover/Autodiscover.xml";
    v[kQuery] = cafe(rng, a);
  } else if (k < 82) {
    v[kIisMethod] = "GET";
    v[kStem] = a.fmt("/autodiscover/autodiscover.json/v1.0/{}@{}", user, kDomain);
    v[kQuery] = a.fmt("Protocol=EWS&RedirectCount=1{}", cafe(rng, a));
    v[kUser] = "";
  } else if (k < 85) {
    v[kStem] = "/powershell";
    v[kQuery] = a.fmt("clientApplication=ActiveMonitor;PSVersion=5.1{}", cafe(rng, a));
    v[kUser] = a.fmt("{}\\{}", kNetbios, pop.health_mailboxes[rng.index(pop.health_mailboxes.size())]);
    v[kAgent] = "Microsoft WinRM Client";
  } else if (k < 89) {
    // The logon page Exchange ships: a script page under /owa/auth/ that no rule may report.
    v[kIisMethod] = rng.one_in(2) ? "GET" : "POST";
    v[kStem] = "/owa/auth/logon.aspx";
    v[kQuery] = v[kIisMethod] == "GET" ? "url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0" : "replaceCurrent=1";
    v[kStatus] = v[kIisMethod] == "GET" ? "200" : "302";
    v[kUser] = "";
    v[kAgent] = pick_browser_agent(rng);
  } else if (k < 93) {
    v[kIisMethod] = "GET";
    v[kStem] = rng.one_in(2) ? "/owa/auth/15.1.2176/themes/resources/favicon.ico"
                             : "/owa/auth/15.1.2176/scripts/premium/flogon.js";
    v[kUser] = "";
    v[kAgent] = pick_browser_agent(rng);
  } else if (k < 96) {
    v[kIisMethod] = "GET";
    v[kStem] = rng.one_in(2) ? "/ecp/" : "/ecp/default.aspx";
    v[kAgent] = pick_browser_agent(rng);
  } else if (k < 98) {
    v[kIisMethod] = "GET";
    v[kStem] = a.fmt("/OAB/{}/oab.xml", pop.database_guids[0]);
    v[kAgent] = "Microsoft BITS/7.8";
  } else {
    v[kIisMethod] = "POST";
    v[kStem] = "/owa/auth.owa";
    v[kStatus] = "302";
    v[kUser] = "";
    v[kAgent] = pick_browser_agent(rng);
  }
  if (rng.one_in(25) && !v[kUser].empty()) {  // the first leg of Negotiate/NTLM
    v[kStatus] = "401";
    v[kSubstatus] = rng.one_in(2) ? "1" : "2";
    v[kWin32Status] = "5";
    v[kUser] = "";
  }
}

void append_iis_row(const IisRow& row, int layout, std::string& out) {
  bool first = true;
  for (IisField f : kLayouts[layout]) {
    if (!first) out.push_back(' ');
    first = false;
    const std::string_view value = row.v[f];
    if (value.empty()) {
      out.push_back('-');
      continue;
    }
    const std::size_t at = out.size();
    out.append(value);
    std::replace(out.begin() + static_cast<std::ptrdiff_t>(at), out.end(), ' ', '+');
  }
}

void append_ecp_row(std::string& out, std::int64_t ms, std::string_view server, std::string_view event,
                    std::string_view data) {
  append_iso(out, ms);
  out.push_back(',');
  out.append(server);
  out.push_back(',');
  out.append(event);
  out.push_back(',');
  append_csv_field(out, data);
}

void append_benign_ecp_row(Rng& rng, const Population& pop, std::int64_t ms, std::string& out) {
  const std::string& user = pop.users[rng.index(pop.users.size())];
  std::string& d = scratch();
  d += "S:ACTID=";
  append_guid(d, rng);
  d += ";S:RS=0;S:BS=0;S:CMD=";
  const auto k = rng.below(10);
  std::string_view url = "/ecp/DDI/DDIService.svc/GetList?schema=MailboxService";
  switch (k) {
    case 0:
      d +=
          "Get-Recipient.Filter='RecipientTypeDetails -eq \"UserMailbox\"'.Properties='DisplayName,PrimarySmtpAddress'";
      break;
    case 1:
      d += "Get-MailboxStatistics.Identity='" + user + "'";
      break;
    case 2:
      d += "Get-OwaVirtualDirectory.Server='EXCH01'";
      url = "/ecp/DDI/DDIService.svc/GetList?schema=OWAVirtualDirectory";
      break;
    case 3:
      d += "Get-OabVirtualDirectory.Server='EXCH02'";
      url = "/ecp/DDI/DDIService.svc/GetList?schema=OABVirtualDirectory";
      break;
    case 4:
      // A real administrator's change: a plain URL, no script element.
      d += "Set-OwaVirtualDirectory.ExternalUrl='https://mail.contoso.com/owa'.Identity='";
      append_guid(d, rng);
      d += "'";
      url = "/ecp/DDI/DDIService.svc/SetObject?schema=OWAVirtualDirectory";
      break;
    case 5:
      d += "Set-Mailbox.Identity='" + user + "'.ProhibitSendQuota='49GB'";
      url = "/ecp/DDI/DDIService.svc/SetObject?schema=MailboxPropertiesService";
      break;
    case 6:
      d += "Get-InboxRule.Mailbox='" + user + "'";
      url = "/ecp/DDI/DDIService.svc/GetList?schema=RuleService";
      break;
    case 7:
      d += "Get-MobileDevice.Mailbox='" + user + "'";
      url = "/ecp/DDI/DDIService.svc/GetList?schema=MobileDevices";
      break;
    default:
      d += "Get-Mailbox.Identity='" + user + "'.ResultSize='Unlimited'";
      break;
  }
  d += ";S:REQID=;S:URL=";
  d += url;
  d += "&msExchEcpCanary=";
  append_random(d, rng, 43, kAlnum);
  d += ";S:REFURL=https://mail.contoso.com/ecp/?rfr=owa;S:EX=;S:ACTIVITY=";
  append_uint(d, rng.range(1, 200));
  append_ecp_row(out, ms, pick_server(rng), rng.one_in(6) ? "ECP.Activity" : "ECP.Request", d);
}

void append_oab_line(std::string& out, std::int64_t ms, std::uint64_t thread, std::string_view message) {
  append_iso(out, ms);
  out.push_back(',');
  append_uint(out, thread);
  out += ",OABGen,";
  out.append(message);
}

void append_benign_oab_line(Rng& rng, const Population& pop, std::int64_t ms, std::string& out) {
  std::string& m = scratch();
  const std::string& oab = pop.database_guids[0];
  const auto k = rng.below(200);
  if (k == 0) {
    // A legitimate failed download: cleaned up inside ClientAccess\OAB, which the rule accepts.
    m += "Download failed and temporary file 'C:\\Program Files\\Microsoft\\Exchange "
         "Server\\V15\\ClientAccess\\OAB\\Temp\\";
    append_guid(m, rng);
    m += ".tmp' needs to be removed.";
  } else if (k < 40) {
    m += "OABGeneratorAssistant.InvokeInternal: starting generation of OAB '\\Default Offline Address Book' (" + oab +
         ").";
  } else if (k < 120) {
    m += fmt::format("OABGenerator: processed {} of {} address list entries for '\\Default Offline Address Book'.",
                     rng.range(1, 4000), 4000);
  } else if (k < 170) {
    m += "OABGenerator: wrote ";
    append_uint(m, rng.range(1000, 900000));
    m += " bytes to 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\ClientAccess\\OAB\\" + oab + "\\";
    append_guid(m, rng);
    m += "-data-1.lzx'.";
  } else {
    m += fmt::format("OABGenerator: generation completed in {} ms; {} full entries, {} differential entries.",
                     rng.range(800, 90000), rng.range(100, 4000), rng.below(300));
  }
  append_oab_line(out, ms, rng.range(4, 80), m);
}

}  // namespace exlogs
