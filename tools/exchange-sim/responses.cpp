// SPDX-License-Identifier: Apache-2.0
#include "responses.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "hash.hpp"
#include "pages.hpp"

namespace exsim {

namespace {

constexpr std::string_view kExporttoolPath =
    "/ecp/current/exporttool/microsoft.exchange.ediscovery.exporttool.application";
constexpr std::string_view kHtml = "text/html; charset=utf-8";

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i)
    if (iequals(haystack.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

bool icontains(std::string_view haystack, std::string_view needle) {
  return ifind(haystack, needle) != std::string_view::npos;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One round of percent-decoding, as the rewrite module sees the URL.
std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// X-BEResource=.+/.+~.+ anywhere in the cookie. The earliest match of the name leaves the most
// text after it, so only that one needs trying: it needs a '/' after at least one character,
// then a '~' at least one character later that is not the last character.
bool beresource_rule(std::string_view cookie) {
  const auto at = ifind(cookie, "x-beresource=");
  if (at == std::string_view::npos) return false;
  const auto rest = cookie.substr(at + 13);
  if (rest.size() < 5) return false;
  const auto slash = rest.find('/', 1);
  const auto tilde = rest.rfind('~', rest.size() - 2);
  return slash != std::string_view::npos && tilde != std::string_view::npos && tilde >= slash + 2;
}

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

// The back end a ProxyLogon request names: X-BEResource=<host>/<path>~<version>. Only plain
// host names are echoed, so nothing the client sends can shape our headers.
std::string_view proxylogon_target(std::string_view cookie) {
  const auto at = ifind(cookie, "x-beresource=");
  if (at == std::string_view::npos) return {};
  auto value = cookie.substr(at + 13);
  value = value.substr(0, value.find(';'));
  if (value.find('~') == std::string_view::npos) return {};
  value = value.substr(0, value.find_first_of("/~"));
  if (value.empty() || value.size() > 253 || !std::all_of(value.begin(), value.end(), host_char)) return {};
  return value;
}

// The name to redirect to: the client's Host header when it is a plain name, else the address.
std::string authority(const Host& host, const Request& r) {
  if (!r.host.empty() && r.host.size() <= 260 && std::all_of(r.host.begin(), r.host.end(), host_char))
    return std::string(r.host);
  return host.address.v6 ? "[::1]" : host.address.to_string();
}

std::string percent_encode_authority(std::string_view a) {
  std::string out;
  for (char c : a) {
    if (c == ':')
      out += "%3a";
    else if (c == '[')
      out += "%5b";
    else if (c == ']')
      out += "%5d";
    else
      out += c;
  }
  return out;
}

// Status line and headers, then the body (left out for HEAD).
class ReplyWriter {
 public:
  ReplyWriter(int status, std::string_view reason) {
    out_.reserve(1024);
    fmt::format_to(std::back_inserter(out_), "HTTP/1.1 {} {}\r\n", status, reason);
  }
  ReplyWriter& header(std::string_view name, std::string_view value) {
    fmt::format_to(std::back_inserter(out_), "{}: {}\r\n", name, value);
    return *this;
  }
  std::string finish(std::string_view type, std::string_view body, bool head, bool close) {
    fmt::format_to(std::back_inserter(out_), "Content-Type: {}\r\nContent-Length: {}\r\n{}\r\n", type, body.size(),
                   close ? "Connection: close\r\n" : "");
    if (!head) out_ += body;
    return std::move(out_);
  }

 private:
  std::string out_;
};

// Exchange's request-id is a GUID; a mixed counter looks the part and never repeats in a run.
std::string request_id_text(std::uint64_t id) {
  const std::uint64_t hi = mix64(id), lo = mix64(hi ^ id);
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFFU, hi & 0xFFFU,
                     0x8000U | ((lo >> 48) & 0x3FFFU), lo & 0xFFFF'FFFF'FFFFULL);
}

Reply respond_exchange(const Host& host, const Request& r, std::uint64_t request_id, bool close) {
  const auto& e = host.exchange;
  if (e.mitigated && eomt_blocks(r)) return Reply{true, {}};

  const bool head = r.method == "HEAD";
  const auto path = r.target.substr(0, r.target.find('?'));
  const bool owa = iequals(path, "/owa") || (path.size() >= 5 && iequals(path.substr(0, 5), "/owa/"));
  const auto fe = fmt::format("EXCH-{}", e.fe_server);
  const auto rid = request_id_text(request_id);
  auto start = [&](int status, std::string_view reason) {
    ReplyWriter w(status, reason);
    w.header("Cache-Control", "private").header("Server", "Microsoft-IIS/10.0").header("request-id", rid);
    if (owa && e.x_owa_version) w.header("X-OWA-Version", e.build->full);
    w.header("X-FEServer", fe).header("X-Powered-By", "ASP.NET");
    return w;
  };
  auto redirect_to_logon = [&] {
    const auto name = authority(host, r);
    const auto location = fmt::format("https://{}/owa/auth/logon.aspx?url=https%3a%2f%2f{}%2fowa%2f&reason=0", name,
                                      percent_encode_authority(name));
    return Reply{false, start(302, "Found").header("Location", location).finish(kHtml, pages::kMoved, head, close)};
  };

  // ProxyLogon: the front end proxies to whatever back end the cookie names; the bogus one
  // fails, and the failure names the back end it computed.
  if (const auto target = proxylogon_target(r.cookie); !target.empty() && e.build->proxylogon_vulnerable)
    return Reply{false, start(500, "Internal Server Error")
                            .header("X-CalculatedBETarget", target)
                            .finish(kHtml, pages::kBackendError, head, close)};

  if (iequals(path, "/owa") || iequals(path, "/owa/")) return redirect_to_logon();
  if (iequals(path, "/owa/auth/logon.aspx"))
    return Reply{
        false, start(200, "OK").finish(kHtml, pages::owa_logon(e.owa_path ? e.build->branch : "current"), head, close)};
  if (iequals(path, kExporttoolPath) && e.exporttool)
    return Reply{false, start(200, "OK").finish("application/x-ms-application",
                                                pages::exporttool_manifest(e.build->full), head, close)};
  if (iequals(path, "/autodiscover/autodiscover.json")) {
    // ProxyShell: "Email=autodiscover/autodiscover.json" makes the front end cut that much from
    // the URL and proxy the rest, here /owa/, which redirects to the sign-in page.
    if (e.build->proxyshell_vulnerable && icontains(url_decode(r.target), "email=autodiscover/autodiscover.json"))
      return redirect_to_logon();
    return Reply{false, start(400, "Bad Request").finish(kHtml, pages::kBadRequest, head, close)};
  }
  return Reply{false, start(404, "Not Found").finish(kHtml, pages::kIisNotFound, head, close)};
}

}  // namespace

bool eomt_blocks(const Request& request) {
  if (icontains(request.cookie, "x-anonresource-backend") || beresource_rule(request.cookie)) return true;
  const auto decoded = url_decode(request.target);
  return icontains(decoded, "autodiscover") && icontains(decoded, "powershell");
}

Reply respond(const Host& host, const Request& request, std::uint64_t request_id, bool close) {
  const bool head = request.method == "HEAD";
  switch (host.behaviour) {
    case Behaviour::exchange:
      return respond_exchange(host, request, request_id, close);
    case Behaviour::nginx:
      return Reply{false, ReplyWriter(404, "Not Found")
                              .header("Server", "nginx/1.22.1")
                              .finish("text/html", pages::kNginxNotFound, head, close)};
    case Behaviour::iis:
      return Reply{false, ReplyWriter(404, "Not Found")
                              .header("Server", "Microsoft-IIS/10.0")
                              .header("X-Powered-By", "ASP.NET")
                              .finish("text/html", pages::kIisNotFound, head, close)};
    case Behaviour::catch_all:
      return Reply{false, ReplyWriter(200, "OK")
                              .header("Server", "Apache")
                              .header("Vary", "Accept-Encoding")
                              .finish("text/html; charset=UTF-8", pages::kCatchAll, head, close)};
    default:
      break;
  }
  // Misbehaving hosts never get here; answer like a bare server if one does.
  return Reply{false, ReplyWriter(404, "Not Found").finish("text/html", pages::kNginxNotFound, head, close)};
}

std::string bad_request(const Host& host, std::uint64_t request_id) {
  ReplyWriter w(400, "Bad Request");
  switch (host.behaviour) {
    case Behaviour::nginx:
      w.header("Server", "nginx/1.22.1");
      break;
    case Behaviour::catch_all:
      w.header("Server", "Apache");
      break;
    default:
      w.header("Server", "Microsoft-IIS/10.0");
      break;
  }
  if (host.behaviour == Behaviour::exchange)
    w.header("request-id", request_id_text(request_id))
        .header("X-FEServer", fmt::format("EXCH-{}", host.exchange.fe_server));
  return w.finish(kHtml, pages::kBadRequest, false, true);
}

}  // namespace exsim
