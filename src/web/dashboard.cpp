// SPDX-License-Identifier: Apache-2.0
#include "exray/web/dashboard.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <cctype>

#include "exray/inventory/inventory.hpp"
#include "exray/report/html_sections.hpp"
#include "exray/store/store.hpp"
#include "exray/web/pages.hpp"
#include "exray/web/query.hpp"
#include "exray/web/token.hpp"

namespace exray::web {
namespace {

Response page(unsigned status, std::string body) { return Response{status, std::move(body), {}}; }

Response error_page(unsigned status, std::string_view title, std::string_view text_markup) {
  return page(status, message_page(title, text_markup));
}

// A store that cannot be read is the operator's problem; the page says what, escaped.
Response store_error(const Error& error) {
  return error_page(500, "The store cannot be read", report::html::esc(error.message));
}

// `/?token=T`: the token goes into a cookie and out of the address bar (and history).
Response token_login(const DashboardOptions& options, std::string_view given) {
  if (!token_matches(options.token, given)) return error_page(401, "Token required", "The token is not right.");
  Response r = page(303, {});
  r.headers.emplace_back("Location", "/");
  r.headers.emplace_back("Set-Cookie",
                         fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict", kTokenCookie, options.token));
  return r;
}

Response route(const DashboardOptions& options, const Target& target) {
  const auto& path = target.path;
  if (path != "/" && path != "/hosts" && path != "/hosts/detail" && path != "/findings" && path != "/runs")
    return error_page(404, "Not found", "There is no such page.");
  auto store = store::Store::open_read_only(options.db);
  if (!store) return store_error(store.error());
  if (path == "/hosts" || path == "/hosts/detail") {
    auto hosts = inventory::histories(*store);
    if (!hosts) return store_error(hosts.error());
    if (path == "/hosts") return page(200, hosts_page(*hosts, target.params));
    auto findings = store->findings();
    if (!findings) return store_error(findings.error());
    auto body = host_detail_page(*hosts, *findings, target.params);
    if (body.empty()) return error_page(404, "Not found", "The store has no such host.");
    return page(200, std::move(body));
  }
  // Every run in the store: the dashboard shows what `exray report` without a period shows.
  auto report = inventory::build_report(*store, {});
  if (!report) return store_error(report.error());
  if (path == "/findings") return page(200, findings_page(*report, target.params));
  if (path == "/runs") return page(200, runs_page(*report));
  return page(200, overview_page(*report));
}

}  // namespace

const std::vector<std::pair<std::string_view, std::string_view>>& response_headers() {
  static const std::vector<std::pair<std::string_view, std::string_view>> headers{
      {"Content-Type", "text/html; charset=utf-8"},
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      // The pages hold what the store knows about exposed servers: no copy in a shared cache.
      {"Cache-Control", "no-store"},
  };
  return headers;
}

bool names_loopback(std::string_view host) noexcept {
  std::string_view name = host;
  if (name.starts_with('[')) {
    name = name.substr(1, name.find(']') == std::string_view::npos ? 0 : name.find(']') - 1);
  } else if (const auto colon = name.rfind(':'); colon != std::string_view::npos) {
    name = name.substr(0, colon);
  }
  if (name == "::1") return true;
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "localhost") return true;
  in_addr v4{};
  return lower.starts_with("127.") && ::inet_pton(AF_INET, lower.c_str(), &v4) == 1;
}

Response handle(const DashboardOptions& options, const Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    auto r = error_page(405, "Method not allowed", "The dashboard only reads: GET and HEAD.");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  auto target = parse_target(request.target);
  if (!target) return error_page(400, "Bad request", "The address is not one the dashboard understands.");
  // No token: only a loopback name (DNS rebinding gives a hostile site's name our address).
  if (options.token.empty() && !names_loopback(request.host))
    return error_page(421, "Misdirected request",
                      "Without a token this dashboard answers only to <code>localhost</code> or a loopback address.");
  if (!options.token.empty()) {
    if (const auto it = target->params.find("token"); it != target->params.end() && target->path == "/")
      return token_login(options, it->second);
    if (!request_authorised(options.token, request.authorization, request.cookie)) {
      auto r = error_page(401, "Token required",
                          "Open the address <code>/?token=&hellip;</code> with the dashboard's token once, or send "
                          "<code>Authorization: Bearer &hellip;</code>.");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
  }
  return route(options, *target);
}

}  // namespace exray::web
