// SPDX-License-Identifier: Apache-2.0
// Reading Exchange and its build from responses, and the probes' verdicts.
#include "exray/netscan/fingerprint.hpp"

#include <gtest/gtest.h>

#include "exray/netscan/http_response.hpp"
#include "exray/netscan/probes.hpp"

namespace exray::netscan {
namespace {

HttpResponse response(unsigned status, std::vector<std::pair<std::string, std::string>> headers,
                      std::string body = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

std::string text(const std::optional<kb::Build>& b) { return b ? b->to_string() : "none"; }

TEST(Fingerprint, OwaVersionHeaderInAnyCase) {
  EXPECT_EQ(text(build_from_owa_header(response(302, {{"x-owa-version", "15.1.2176.2"}}))), "15.1.2176.2");
  EXPECT_EQ(text(build_from_owa_header(response(200, {{"X-OWA-Version", " 15.2.986.5 "}}))), "15.2.986.5");
  EXPECT_EQ(text(build_from_owa_header(response(200, {{"X-OWA-Version", ""}}))), "none");  // seen in the wild
  EXPECT_EQ(text(build_from_owa_header(response(200, {{"X-OWA-Version", "99.1.2.3"}}))), "none");
  EXPECT_EQ(text(build_from_owa_header(response(200, {{"X-OWA-Version", "15.1.2176.2<script>"}}))), "none");
}

TEST(Fingerprint, ExportToolManifestWhateverTheAttributeOrder) {
  const std::string manifest =
      R"(<?xml version="1.0" encoding="utf-8"?><asmv1:assembly xmlns="urn:schemas-microsoft-com:asm.v1">)"
      R"(<assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.application" version="15.2.986.5" publicKeyToken="b0"/>)"
      R"(<dependency><dependentAssembly><assemblyIdentity version='15.2.986.9' language="neutral")"
      "\n   name=\"Microsoft.Exchange.EDiscovery.ExportTool\" /></dependentAssembly></dependency></asmv1:assembly>";
  EXPECT_EQ(text(build_from_exporttool(response(200, {}, manifest))), "15.2.986.9");
  const std::string only_app =
      R"(<assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.application" version="15.1.2308.8"/>)";
  EXPECT_EQ(text(build_from_exporttool(response(200, {}, only_app))), "15.1.2308.8");
  EXPECT_EQ(text(build_from_exporttool(response(404, {}, manifest))), "none");
  EXPECT_EQ(
      text(build_from_exporttool(response(200, {}, R"(<assemblyIdentity name="other.tool" version="15.1.2.3"/>)"))),
      "none");
  EXPECT_EQ(text(build_from_exporttool(response(
                200, {}, R"(<assemblyIdentity name="microsoft.exchange.ediscovery.exporttool" version="15.1)"))),
            "none");
  EXPECT_EQ(
      text(build_from_exporttool(response(
          200, {}, "<assemblyIdentity name=\"microsoft.exchange.ediscovery.exporttool\" version=\"15.1.2308\"/>"))),
      "none");
}

TEST(Fingerprint, LogonPagePathsGiveTheCuOr2010sFullBuild) {
  EXPECT_EQ(text(build_from_logon_page(response(
                200, {}, R"(<link rel="shortcut icon" href="/owa/auth/15.1.2176/themes/resources/favicon.ico">)"))),
            "15.1.2176");
  EXPECT_EQ(
      text(build_from_logon_page(response(200, {}, R"(<script src="/owa/14.3.513.0/scripts/premium/flogon.js">)"))),
      "14.3.513.0");
  EXPECT_EQ(
      text(build_from_logon_page(response(200, {}, R"(<img src="/owa/auth/current/themes/resources/logo.png">)"))),
      "none");
}

TEST(Fingerprint, ExchangeIsKnownByItsOwnSignsNotByWords) {
  EXPECT_TRUE(looks_like_exchange(response(302, {{"Location", "https://mail/owa/auth/logon.aspx?url=x&reason=0"}})));
  EXPECT_TRUE(looks_like_exchange(response(404, {{"X-FEServer", "EXCH01"}})));
  EXPECT_TRUE(looks_like_exchange(response(200, {}, "<a href=\"/owa/auth/15.2.1118/themes/x.css\">")));
  EXPECT_FALSE(looks_like_exchange(response(200, {{"Server", "Microsoft-IIS/10.0"}},
                                            "<title>Outlook Web App</title> Microsoft Exchange Server, Outlook")));
  EXPECT_FALSE(looks_like_exchange(response(302, {{"Location", "https://sso.example/login"}})));
  EXPECT_FALSE(looks_like_exchange(response(200, {{"Location", "/owa/auth/logon.aspx"}})));  // not a redirect
}

TEST(Probes, ProxyLogonNeedsLocalhostInTheCalculatedTarget) {
  const auto vulnerable = response(500, {{"x-calculatedbetarget", "LocalHost"}});
  const auto patched = response(404, {{"X-CalculatedBETarget", "exch01.corp.example"}});
  EXPECT_EQ(read_probe(Probe::proxylogon, &vulnerable, ErrorKind::none), ProbeOutcome::vulnerable);
  EXPECT_EQ(read_probe(Probe::proxylogon, &patched, ErrorKind::none), ProbeOutcome::not_vulnerable);
  EXPECT_EQ(read_probe(Probe::proxylogon, nullptr, ErrorKind::reset), ProbeOutcome::mitigated);
  EXPECT_EQ(read_probe(Probe::proxylogon, nullptr, ErrorKind::timeout), ProbeOutcome::inconclusive);
}

// A WAF in front answers the exploit request with 403 rather than cutting it off.
TEST(Probes, AForbiddenExploitRequestIsMitigatedForEitherProbe) {
  const auto forbidden = response(403, {});
  EXPECT_EQ(read_probe(Probe::proxylogon, &forbidden, ErrorKind::none), ProbeOutcome::mitigated);
  EXPECT_EQ(read_probe(Probe::proxyshell, &forbidden, ErrorKind::none), ProbeOutcome::mitigated);
}

TEST(Probes, ProxyShellReadsTheStatus) {
  const auto redirect = response(302, {}), refused = response(400, {}), other = response(200, {});
  EXPECT_EQ(read_probe(Probe::proxyshell, &redirect, ErrorKind::none), ProbeOutcome::vulnerable);
  EXPECT_EQ(read_probe(Probe::proxyshell, &refused, ErrorKind::none), ProbeOutcome::not_vulnerable);
  EXPECT_EQ(read_probe(Probe::proxyshell, &other, ErrorKind::none), ProbeOutcome::inconclusive);
  EXPECT_FALSE(parse_probes("proxylogon,nope"));
  EXPECT_EQ(parse_probes("all")->size(), 2U);
}

}  // namespace
}  // namespace exray::netscan

namespace exray::netscan {
namespace {

// What a hostile or broken server sends: each gives a clear error or a bounded response.
TEST(HttpResponseParser, HostileAnswersAreBoundedAndNamed) {
  auto ok = parse_http_response("HTTP/1.1 302 Found\r\nx-owa-version: 15.1.2176.2\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 302U);
  EXPECT_EQ(ok->header("X-OWA-Version"), "15.1.2176.2");

  auto chunked = parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->body, "hello");

  EXPECT_EQ(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").error().code, Errc::parse_error);
  EXPECT_EQ(parse_http_response("HTTP/1.1 200 OK\r\nX-Fill").error().code, Errc::parse_error);
  EXPECT_EQ(parse_http_response(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)).error().code,
            Errc::parse_error);
  EXPECT_EQ(parse_http_response("").error().code, Errc::parse_error);

  std::string huge = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 2000; ++i) huge += "X-Filler-" + std::to_string(i) + ": " + std::string(500, 'a') + "\r\n";
  EXPECT_EQ(parse_http_response(huge + "\r\n").error().code, Errc::limit_exceeded);

  // A body over the cap is cut, and the headers are kept.
  auto big = parse_http_response(
      "HTTP/1.1 200 OK\r\nX-FEServer: E1\r\nContent-Length: 100000\r\n\r\n" + std::string(100000, 'b'),
      HttpLimits{4096, 1000});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->header("X-FEServer"), "E1");
  EXPECT_LE(big->body.size(), 1000U);

  // Read until the server closes: HTTP/1.0 without a length.
  auto until_eof = parse_http_response("HTTP/1.0 400 Bad Request\r\n\r\nno length");
  ASSERT_TRUE(until_eof);
  EXPECT_EQ(until_eof->status, 400U);
  EXPECT_EQ(until_eof->body, "no length");
}

}  // namespace
}  // namespace exray::netscan
