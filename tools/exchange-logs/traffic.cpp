// SPDX-License-Identifier: Apache-2.0
// Benign HttpProxy rows and the shared population of users and machines.
#include "traffic.hpp"

#include "writer.hpp"

namespace exlogs {

const std::array<std::string_view, kProxyColumnCount> kProxyColumns = {"DateTime",
                                                                       "RequestId",
                                                                       "MajorVersion",
                                                                       "MinorVersion",
                                                                       "BuildVersion",
                                                                       "RevisionVersion",
                                                                       "ClientRequestId",
                                                                       "Protocol",
                                                                       "UrlHost",
                                                                       "UrlStem",
                                                                       "ProtocolAction",
                                                                       "AuthenticationType",
                                                                       "IsAuthenticated",
                                                                       "AuthenticatedUser",
                                                                       "Organization",
                                                                       "AnchorMailbox",
                                                                       "UserAgent",
                                                                       "ClientIpAddress",
                                                                       "ServerHostName",
                                                                       "HttpStatus",
                                                                       "BackEndStatus",
                                                                       "ErrorCode",
                                                                       "Method",
                                                                       "ProxyAction",
                                                                       "TargetServer",
                                                                       "TargetServerVersion",
                                                                       "RoutingType",
                                                                       "RoutingHint",
                                                                       "BackEndCookie",
                                                                       "ServerLocatorHost",
                                                                       "ServerLocatorLatency",
                                                                       "RequestBytes",
                                                                       "ResponseBytes",
                                                                       "TargetOutstandingRequests",
                                                                       "AuthModulePerfContext",
                                                                       "HttpPipelineLatency",
                                                                       "CalculateTargetBackEndLatency",
                                                                       "GlsLatencyBreakup",
                                                                       "TotalGlsLatency",
                                                                       "AccountForestLatencyBreakup",
                                                                       "TotalAccountForestLatency",
                                                                       "ResourceForestLatencyBreakup",
                                                                       "TotalResourceForestLatency",
                                                                       "ADLatency",
                                                                       "SharedCacheLatencyBreakup",
                                                                       "TotalSharedCacheLatency",
                                                                       "ActivityContextLifeTime",
                                                                       "ModuleToHandlerSwitchingLatency",
                                                                       "ClientReqStreamLatency",
                                                                       "BackendReqInitLatency",
                                                                       "BackendReqStreamLatency",
                                                                       "BackendProcessingLatency",
                                                                       "BackendRespInitLatency",
                                                                       "BackendRespStreamLatency",
                                                                       "ClientRespStreamLatency",
                                                                       "KerberosAuthHeaderLatency",
                                                                       "HandlerCompletionLatency",
                                                                       "RequestHandlerLatency",
                                                                       "HandlerToModuleSwitchingLatency",
                                                                       "ProxyTime",
                                                                       "CoreLatency",
                                                                       "RoutingLatency",
                                                                       "HttpProxyOverhead",
                                                                       "TotalRequestTime",
                                                                       "UrlQuery",
                                                                       "BackEndGenericInfo",
                                                                       "GenericInfo",
                                                                       "GenericErrors",
                                                                       "EdgeTraceId",
                                                                       "DatabaseGuid",
                                                                       "UserADObjectGuid",
                                                                       "PartitionEndpointLookupLatency",
                                                                       "RoutingStatus"};

namespace {

constexpr std::string_view kFirst[] = {"jane",  "john", "maria", "ahmed", "li",     "olga",  "peter", "sofia",
                                       "david", "emma", "lucas", "nina",  "omar",   "paula", "raj",   "sara",
                                       "tom",   "yuki", "anna",  "ben",   "chloe",  "diego", "eva",   "felix",
                                       "grace", "hugo", "ines",  "jonas", "kate",   "leo",   "mia",   "noah",
                                       "oscar", "pia",  "quinn", "rosa",  "samuel", "tara",  "ugo",   "vera"};
constexpr std::string_view kLast[] = {"doe",    "smith",   "garcia", "khan",   "wang",   "ivanova", "muller", "rossi",
                                      "brown",  "martin",  "silva",  "novak",  "haddad", "lopez",   "patel",  "berg",
                                      "jones",  "tanaka",  "kowal",  "meyer",  "dubois", "ortiz",   "lind",   "weber",
                                      "nguyen", "fischer", "costa",  "jensen", "walsh",  "moreau",  "kim",    "shah"};

constexpr std::string_view kBrowsers[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.190 "
    "Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.182 "
    "Safari/537.36 Edg/88.0.705.81",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:86.0) Gecko/20100101 Firefox/86.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 11_2_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.3 "
    "Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"};
constexpr std::string_view kOutlook[] = {"Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.13801; Pro)",
                                         "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5110; Pro)",
                                         "Microsoft Office/15.0 (Windows NT 6.1; Microsoft Outlook 15.0.5319; Pro)",
                                         "MacOutlook/16.46.21021202 (Intelx64 Mac OS X 11.2.1 (Build 20D74))"};
constexpr std::string_view kEasAgents[] = {"Apple-iPhone12C1/1804.58", "Apple-iPad8C1/1804.58",
                                           "Outlook-iOS/723.4027091.prod.iphone (4.2106.0)", "Outlook-Android/2.0",
                                           "Android-SAMSUNG-SM-G991B/101.10.0"};
constexpr std::string_view kEwsActions[] = {"GetItem",   "FindItem",  "SyncFolderItems",    "GetUserAvailability",
                                            "Subscribe", "GetFolder", "GetUserOofSettings", "GetEvents"};
constexpr std::string_view kOwaActions[] = {
    "GetItem",          "FindItem",  "FindConversation", "GetConversationItems", "GetOwaUserConfiguration",
    "GetPeopleFilters", "CreateItem"};
constexpr std::string_view kEasCommands[] = {"Sync", "Ping", "FolderSync", "ItemOperations", "SendMail"};
constexpr std::string_view kEcpPages[] = {"/ecp/default.aspx", "/ecp/UsersGroups/Mailboxes.slab",
                                          "/ecp/PersonalSettings/HomePage.aspx", "/ecp/Reporting.svc",
                                          "/ecp/DDI/DDIService.svc/GetList"};

std::string& scratch() {
  static std::string s;
  s.clear();
  return s;
}

// The protocol-specific part of a row: endpoint, query, client software and authentication.
void fill_endpoint(Rng& rng, const Population& pop, Protocol protocol, std::string_view user, ProxyRow& row) {
  auto& a = row.arena;
  auto& v = row.v;
  v[kUrlHost] = "mail.contoso.com";
  v[kMethod] = "POST";
  v[kAuthenticationType] = "Negotiate";
  v[kUserAgent] = rng.pick(kOutlook);
  switch (protocol) {
    case Protocol::Autodiscover:
      v[kUrlHost] = "autodiscover.contoso.com";
      if (rng.one_in(2)) {
        v[kUrlStem] = "/Autodiscover/Autodiscover.xml";
      } else {
        // Outlook's v2 lookup: an address in the path, no "powershell" anywhere.
        v[kMethod] = "GET";
        v[kUrlStem] = a.fmt("/autodiscover/autodiscover.json/v1.0/{}@{}", user, kDomain);
        static constexpr std::string_view kProto[] = {"EWS", "ActiveSync", "AutodiscoverV1", "OutlookMobile"};
        v[kUrlQuery] = a.fmt("?Protocol={}&RedirectCount=1", rng.pick(kProto));
      }
      break;
    case Protocol::Eas:
      v[kUrlStem] = "/Microsoft-Server-ActiveSync/default.eas";
      v[kProtocolAction] = rng.pick(kEasCommands);
      v[kUserAgent] = rng.pick(kEasAgents);
      v[kAuthenticationType] = "Basic";
      v[kUrlQuery] = a.fmt("?Cmd={}&User={}&DeviceId={:X}&DeviceType=iPhone", v[kProtocolAction], user,
                           rng.next() & 0xFFFFFFFFFFFFULL);
      break;
    case Protocol::Ecp:
      v[kUrlStem] = rng.pick(kEcpPages);
      v[kUserAgent] = rng.pick(kBrowsers);
      v[kMethod] = v[kUrlStem].ends_with(".svc/GetList") ? "POST" : "GET";
      if (v[kMethod] == "POST") v[kUrlQuery] = a.fmt("?schema=MailboxService&msExchEcpCanary={:x}", rng.next());
      break;
    case Protocol::Ews:
      v[kUrlStem] = rng.one_in(8) ? "/ews/exchange.asmx/wssecurity" : "/EWS/Exchange.asmx";
      v[kProtocolAction] = rng.pick(kEwsActions);
      if (rng.one_in(4)) v[kUserAgent] = "ExchangeServicesClient/15.01.2176.002";
      break;
    case Protocol::Mapi:
      v[kUrlStem] = rng.one_in(5) ? "/mapi/nspi/" : "/mapi/emsmdb/";
      v[kProtocolAction] = v[kUrlStem] == "/mapi/nspi/" ? "Bind" : (rng.one_in(3) ? "NotificationWait" : "Execute");
      v[kUrlQuery] = a.fmt("?MailboxId={}@{}", a.guid(rng), kDomain);
      break;
    case Protocol::Oab:
      v[kMethod] = "GET";
      v[kUrlStem] = rng.one_in(3)
                        ? a.fmt("/OAB/{}/oab.xml", pop.database_guids[0])
                        : a.fmt("/OAB/{}/{}-data-{}.lzx", pop.database_guids[0], a.guid(rng), rng.range(1, 40));
      v[kUserAgent] = "Microsoft BITS/7.8";
      break;
    case Protocol::Owa:
      v[kUserAgent] = rng.pick(kBrowsers);
      v[kAuthenticationType] = "Forms";
      if (rng.one_in(10)) {
        v[kMethod] = "GET";
        v[kUrlStem] = "/owa/";
      } else if (rng.one_in(8)) {
        v[kUrlStem] = "/owa/ev.owa2";
        v[kUrlQuery] = a.fmt("?ns=PendingRequest&ev=PendingNotificationRequest&UA=0&cid={}", a.guid(rng));
      } else {
        v[kUrlStem] = "/owa/service.svc";
        v[kProtocolAction] = rng.pick(kOwaActions);
        v[kUrlQuery] = a.fmt("?action={}&EP=1&ID=-{}&AC=1", v[kProtocolAction], rng.range(1, 300));
      }
      break;
    case Protocol::OwaCalendar:
      v[kMethod] = "GET";
      v[kUserAgent] = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.13801; Pro)";
      v[kUrlStem] = a.fmt("/owa/calendar/{:x}@{}/{:x}/calendar.ics", rng.next(), kDomain, rng.next());
      v[kAuthenticationType] = "";
      break;
    case Protocol::PowerShell:
      v[kUrlStem] = "/powershell";
      v[kUserAgent] = "Microsoft WinRM Client";
      v[kAuthenticationType] = "Kerberos";
      v[kUrlQuery] = "?clientApplication=ActiveMonitor;PSVersion=5.1";
      break;
    case Protocol::RpcHttp:
      v[kUrlStem] = "/rpc/rpcproxy.dll";
      v[kMethod] = rng.one_in(2) ? "RPC_IN_DATA" : "RPC_OUT_DATA";
      v[kUserAgent] = "MSRPC";
      v[kAuthenticationType] = "Ntlm";
      v[kUrlQuery] = a.fmt("?{}@{}:{}", a.guid(rng), kDomain, rng.one_in(2) ? 6001 : 6004);
      break;
  }
}

// Free-form diagnostics; its optional parts make benign rows 700-1100 bytes, and the comma in
// ServerLocatorCallTime makes the field quoted as in real logs.
void fill_generic_info(Rng& rng, std::int64_t ms, ProxyRow& row) {
  std::string& s = scratch();
  s += "BeginRequest=";
  append_iso(s, ms);
  s += ";CorrelationID=<empty>;ProxyState-Run=None;ServerLocatorCallTime=,Lat=";
  append_uint(s, rng.below(3));
  s += ";FEAuth=BEVersion-1941997017";
  if (rng.one_in(2)) {
    s += ";BeginGetResponse=";
    append_iso(s, ms + 2);
  }
  if (rng.one_in(3)) {
    s += ";OnResponseReady=";
    append_iso(s, ms + 9);
  }
  if (rng.one_in(2)) s += ";ProxyState-Complete=ProxyResponseData";
  const auto extra = rng.below(4);
  for (std::uint64_t i = 0; i < extra; ++i) {
    s += ";I32:ADS.C[DC0";
    append_uint(s, i + 1);
    s += "]=";
    append_uint(s, rng.range(1, 9));
    s += ";F:ADS.AL[DC0";
    append_uint(s, i + 1);
    s += "]=";
    append_uint(s, rng.below(4));
    s += '.';
    append_uint(s, rng.range(1000, 9999));
  }
  if (rng.one_in(2)) {
    s += ";I32:MB.C[EXCH02.contoso.com]=1;F:MB.AL[EXCH02.contoso.com]=";
    append_uint(s, rng.range(1, 30));
  }
  s += ";EndRequest=";
  append_iso(s, ms + 11);
  row.v[kGenericInfo] = row.arena.put(s);
}

}  // namespace

Population make_population(std::uint64_t seed) {
  Rng rng(seed ^ 0x5EED0F5EEDULL);
  Population pop;
  for (std::string_view f : kFirst)
    for (std::string_view l : kLast)
      if (rng.one_in(3)) pop.users.push_back(std::string(f) + "." + std::string(l));
  for (std::size_t i = 0; i < pop.users.size(); ++i)
    pop.sids.push_back("S-1-5-21-3723651462-1923458201-2348127510-" + std::to_string(1104 + i));
  for (int i = 0; i < 8; ++i) {
    pop.database_guids.emplace_back();
    append_guid(pop.database_guids.back(), rng);
  }
  for (int i = 0; i < 240; ++i)
    pop.client_ips.push_back(fmt::format("10.{}.{}.{}", rng.range(1, 40), rng.below(256), rng.range(1, 254)));
  for (int i = 0; i < 40; ++i)
    pop.client_ips.push_back(fmt::format("192.0.2.{}", rng.range(1, 254)));  // remote workers
  for (int i = 0; i < 6; ++i) pop.health_mailboxes.push_back(fmt::format("HealthMailbox{:07x}", rng.below(1u << 28)));
  return pop;
}

std::string_view pick_browser_agent(Rng& rng) { return rng.pick(kBrowsers); }
std::string_view pick_server(Rng& rng) { return rng.one_in(2) ? "EXCH01" : "EXCH02"; }

void fill_proxy_row(Rng& rng, const Population& pop, Protocol protocol, std::int64_t ms, ProxyRow& row) {
  auto& a = row.arena;
  auto& v = row.v;
  a.clear();
  v.fill({});
  std::string& ts = scratch();
  append_iso(ts, ms);
  v[kDateTime] = a.put(ts);
  v[kRequestId] = a.guid(rng);
  v[kMajorVersion] = "15";
  v[kMinorVersion] = "1";
  v[kBuildVersion] = "2176";
  v[kRevisionVersion] = "2";
  if (rng.one_in(3)) v[kClientRequestId] = a.guid(rng);
  v[kProtocolCol] = name_of(protocol);

  const auto u = rng.index(pop.users.size());
  const std::string_view user = pop.users[u];
  const bool health = protocol == Protocol::PowerShell;
  const std::string_view account =
      health ? std::string_view(pop.health_mailboxes[rng.index(pop.health_mailboxes.size())]) : user;
  fill_endpoint(rng, pop, protocol, user, row);
  v[kIsAuthenticated] = "True";
  v[kAuthenticatedUser] = rng.one_in(4) ? a.fmt("{}\\{}", kNetbios, account) : a.fmt("{}@{}", account, kDomain);

  // Anchors of legitimate traffic; ServerInfo~ only ever names a server, never a path.
  const auto anchor = rng.below(20);
  const std::string& db = pop.database_guids[rng.index(pop.database_guids.size())];
  if (anchor < 12)
    v[kAnchorMailbox] = a.fmt("SMTP:{}@{}", account, kDomain);
  else if (anchor < 15)
    v[kAnchorMailbox] = a.fmt("Sid~{}", pop.sids[u]);
  else if (anchor < 17)
    v[kAnchorMailbox] = a.fmt("DatabaseGuid~{}", db);
  else if (anchor < 18)
    v[kAnchorMailbox] = rng.one_in(2) ? "ServerInfo~EXCH02.contoso.com" : "ServerInfo~exch01";
  v[kClientIpAddress] = pop.client_ips[rng.index(pop.client_ips.size())];
  v[kServerHostName] = pick_server(rng);

  const auto st = rng.below(100);
  v[kHttpStatus] = st < 88 ? "200" : st < 94 ? "401" : st < 97 ? "302" : st < 99 ? "440" : "500";
  if (v[kHttpStatus] == "401") {
    v[kIsAuthenticated] = "False";
    v[kAuthenticatedUser] = "";
    v[kErrorCode] = "NegotiateAuthNeeded";
  } else {
    v[kBackEndStatus] = v[kHttpStatus];
    v[kProxyAction] = "Proxy";
    v[kTargetServer] = "EXCH02.contoso.com";
    v[kTargetServerVersion] = "Version 15.1 (Build 2176.2)";
    v[kRoutingType] = anchor < 12 ? "Smtp" : anchor < 15 ? "Sid" : "DatabaseGuid";
    v[kRoutingHint] = rng.one_in(3) ? "Smtp-UserDefault" : "DatabaseGuid-Cookie";
    v[kBackEndCookie] = a.fmt("=Database~{}~~{}", db, "2021-03-01T10:22:31");
    v[kServerLocatorHost] = "EXCH02.contoso.com";
    v[kServerLocatorLatency] = a.num(rng.below(3));
  }
  v[kRequestBytes] = a.num(rng.range(0, 24000));
  v[kResponseBytes] = a.num(rng.range(200, 90000));
  v[kTargetOutstandingRequests] = a.num(rng.below(6));
  v[kAuthModulePerfContext] = "UAR=0;UCA=0";
  const auto total = rng.range(3, 900);
  v[kHttpPipelineLatency] = a.num(rng.below(4));
  v[kCalculateTargetBackEndLatency] = a.num(rng.below(3));
  v[kADLatency] = a.num(rng.below(6));
  v[kTotalSharedCacheLatency] = "0";
  v[kActivityContextLifeTime] = a.num(total + 1);
  for (auto c : {kModuleToHandlerSwitchingLatency, kClientReqStreamLatency, kBackendReqInitLatency,
                 kBackendReqStreamLatency, kClientRespStreamLatency, kKerberosAuthHeaderLatency,
                 kHandlerCompletionLatency, kHandlerToModuleSwitchingLatency})
    v[c] = "0";
  v[kBackendProcessingLatency] = a.num(total * 3 / 4);
  v[kBackendRespInitLatency] = a.num(rng.below(3));
  v[kBackendRespStreamLatency] = a.num(rng.below(2));
  v[kRequestHandlerLatency] = a.num(total / 8);
  v[kProxyTime] = a.num(total - total / 8);
  v[kCoreLatency] = a.num(total / 10 + 1);
  v[kRoutingLatency] = a.num(rng.below(3));
  v[kHttpProxyOverhead] = a.num(rng.range(1, 12));
  v[kTotalRequestTime] = a.num(total);
  fill_generic_info(rng, ms, row);
  v[kDatabaseGuid] = db;
  v[kUserADObjectGuid] = a.guid(rng);
}

void append_proxy_row(const ProxyRow& row, std::size_t columns, std::string& out) {
  for (std::size_t i = 0; i < columns; ++i) {
    if (i != 0) out.push_back(',');
    append_csv_field(out, row.v[i]);
  }
}

}  // namespace exlogs
