// SPDX-License-Identifier: Apache-2.0
// Benign traffic: rows of the Exchange HttpProxy, ECP Server and OABGenerator logs and of the IIS
// W3C log, as a busy Exchange 2016 server writes them.
//
// Benign rows must match no rule: they never carry a ServerInfo~ anchor with a '/', an
// autodiscover URI with "powershell", a script page under aspnet_client or owa/auth other than the
// ones Exchange ships, or a shell command in a query. The checker script verifies this.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rng.hpp"
#include "text.hpp"

namespace exlogs {

enum class Protocol { Autodiscover, Eas, Ecp, Ews, Mapi, Oab, Owa, OwaCalendar, PowerShell, RpcHttp };
inline constexpr std::size_t kProtocolCount = 10;
inline constexpr std::array<std::string_view, kProtocolCount> kProtocolNames = {
    "Autodiscover", "Eas", "Ecp", "Ews", "Mapi", "Oab", "Owa", "OwaCalendar", "PowerShell", "RpcHttp"};
inline std::string_view name_of(Protocol p) { return kProtocolNames[static_cast<std::size_t>(p)]; }

// HttpProxy columns of Exchange 2016/2019, in file order. Exchange 2013-style files stop after
// TotalRequestTime (no UrlQuery and none of the later columns).
enum ProxyCol : std::size_t {
  kDateTime,
  kRequestId,
  kMajorVersion,
  kMinorVersion,
  kBuildVersion,
  kRevisionVersion,
  kClientRequestId,
  kProtocolCol,
  kUrlHost,
  kUrlStem,
  kProtocolAction,
  kAuthenticationType,
  kIsAuthenticated,
  kAuthenticatedUser,
  kOrganization,
  kAnchorMailbox,
  kUserAgent,
  kClientIpAddress,
  kServerHostName,
  kHttpStatus,
  kBackEndStatus,
  kErrorCode,
  kMethod,
  kProxyAction,
  kTargetServer,
  kTargetServerVersion,
  kRoutingType,
  kRoutingHint,
  kBackEndCookie,
  kServerLocatorHost,
  kServerLocatorLatency,
  kRequestBytes,
  kResponseBytes,
  kTargetOutstandingRequests,
  kAuthModulePerfContext,
  kHttpPipelineLatency,
  kCalculateTargetBackEndLatency,
  kGlsLatencyBreakup,
  kTotalGlsLatency,
  kAccountForestLatencyBreakup,
  kTotalAccountForestLatency,
  kResourceForestLatencyBreakup,
  kTotalResourceForestLatency,
  kADLatency,
  kSharedCacheLatencyBreakup,
  kTotalSharedCacheLatency,
  kActivityContextLifeTime,
  kModuleToHandlerSwitchingLatency,
  kClientReqStreamLatency,
  kBackendReqInitLatency,
  kBackendReqStreamLatency,
  kBackendProcessingLatency,
  kBackendRespInitLatency,
  kBackendRespStreamLatency,
  kClientRespStreamLatency,
  kKerberosAuthHeaderLatency,
  kHandlerCompletionLatency,
  kRequestHandlerLatency,
  kHandlerToModuleSwitchingLatency,
  kProxyTime,
  kCoreLatency,
  kRoutingLatency,
  kHttpProxyOverhead,
  kTotalRequestTime,
  kUrlQuery,
  kBackEndGenericInfo,
  kGenericInfo,
  kGenericErrors,
  kEdgeTraceId,
  kDatabaseGuid,
  kUserADObjectGuid,
  kPartitionEndpointLookupLatency,
  kRoutingStatus,
  kProxyColumnCount
};
inline constexpr std::size_t kOldProxyColumnCount = kUrlQuery;  // Exchange 2013 style: a prefix
extern const std::array<std::string_view, kProxyColumnCount> kProxyColumns;

// IIS W3C fields we know; a layout is the order one #Fields line lists a subset of them in.
enum IisField : std::size_t {
  kDate,
  kTime,
  kServerIp,
  kIisMethod,
  kHost,
  kStem,
  kQuery,
  kPort,
  kUser,
  kClientIp,
  kAgent,
  kReferer,
  kStatus,
  kSubstatus,
  kWin32Status,
  kTimeTaken,
  kIisFieldCount
};
inline constexpr int kIisLayoutCount = 4;  // layout 0 is the default #Fields of Exchange servers
std::string iis_fields_line(int layout);

// Users, addresses and identifiers shared by every file, so that the same people and machines
// show up across logs as on a real server.
struct Population {
  std::vector<std::string> users;  // jane.doe
  std::vector<std::string> sids;   // S-1-5-21-...-1104
  std::vector<std::string> database_guids;
  std::vector<std::string> client_ips;        // mostly internal, some public
  std::vector<std::string> health_mailboxes;  // HealthMailbox<hex>
};
Population make_population(std::uint64_t seed);

inline constexpr std::string_view kDomain = "contoso.com";
inline constexpr std::string_view kNetbios = "CONTOSO";
inline constexpr std::string_view kServerAddress = "10.0.0.11";

struct ProxyRow {
  std::array<std::string_view, kProxyColumnCount> v{};
  Arena arena;
};
struct IisRow {
  std::array<std::string_view, kIisFieldCount> v{};
  Arena arena;
};

// A benign row; planted rows start from one and override a few values.
void fill_proxy_row(Rng& rng, const Population& pop, Protocol protocol, std::int64_t ms, ProxyRow& row);
void fill_iis_row(Rng& rng, const Population& pop, std::int64_t ms, IisRow& row);

// Appends a row's first `columns` values as CSV / the layout's fields space-separated ('-' for
// empty, '+' for spaces as IIS writes them). No line end.
void append_proxy_row(const ProxyRow& row, std::size_t columns, std::string& out);
void append_iis_row(const IisRow& row, int layout, std::string& out);

// Appends an ECP Server row (TimeStamp,ServerName,EventId,EventData) / an OABGenerator line.
void append_ecp_row(std::string& out, std::int64_t ms, std::string_view server, std::string_view event,
                    std::string_view data);
void append_benign_ecp_row(Rng& rng, const Population& pop, std::int64_t ms, std::string& out);
void append_oab_line(std::string& out, std::int64_t ms, std::uint64_t thread, std::string_view message);
void append_benign_oab_line(Rng& rng, const Population& pop, std::int64_t ms, std::string& out);

// Picks used by both benign and planted rows.
std::string_view pick_browser_agent(Rng& rng);
std::string_view pick_server(Rng& rng);  // EXCH01 / EXCH02

}  // namespace exlogs
