// SPDX-License-Identifier: Apache-2.0
#include "truth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <optional>

namespace exsim {

namespace {

// Every value written here is ours (addresses, build numbers, fixed words): nothing needs JSON
// escaping, which keeps a /16 of truth a fraction of a second.
void append_names(std::string& out, const Host& host) {
  out += R"(,"tls_names":[)";
  bool first = true;
  for (const auto& name : cert_names(host.cert_kind(), host.org)) {
    if (!first) out += ',';
    first = false;
    fmt::format_to(std::back_inserter(out), "\"{}\"", name);
  }
  out += ']';
}

void append_exchange(std::string& out, const Host& host) {
  const auto& e = host.exchange;
  const auto& b = *e.build;
  fmt::format_to(std::back_inserter(out), R"(,"build":"{}","listed":{},"sources":[)", b.full, b.listed);
  bool first = true;
  for (const auto& [on, name] : {std::pair{e.x_owa_version, "x-owa-version"}, std::pair{e.exporttool, "exporttool"},
                                 std::pair{e.owa_path, "owa-path"}}) {
    if (!on) continue;
    if (!first) out += ',';
    first = false;
    fmt::format_to(std::back_inserter(out), "\"{}\"", name);
  }
  fmt::format_to(std::back_inserter(out), R"(],"mitigated":{})", e.mitigated);
  append_names(out, host);
  out += R"(,"expect":{"status":"exchange")";
  // The scanner stops at the first source that gives an exact build, cheapest first.
  if (e.x_owa_version)
    fmt::format_to(std::back_inserter(out), R"(,"build":"{}","build_source":"x-owa-version")", b.full);
  else if (e.exporttool)
    fmt::format_to(std::back_inserter(out), R"(,"build":"{}","build_source":"exporttool")", b.full);
  else if (e.owa_path)
    fmt::format_to(std::back_inserter(out), R"(,"build":"{}","build_source":"owa-path")", b.branch);
  const char* proxylogon = e.mitigated ? "mitigated" : (b.proxylogon_vulnerable ? "vulnerable" : "not-vulnerable");
  fmt::format_to(std::back_inserter(out), R"(,"proxylogon":"{}","proxyshell":"{}"}})", proxylogon,
                 b.proxyshell_vulnerable ? "vulnerable" : "not-vulnerable");
}

}  // namespace

void append_truth(std::string& out, const Host& host) {
  fmt::format_to(std::back_inserter(out), R"({{"address":"{}","behaviour":"{}")", host.address.to_string(),
                 to_string(host.behaviour));
  if (host.behaviour == Behaviour::exchange) {
    append_exchange(out, host);
  } else if (is_web_server(host.behaviour)) {
    append_names(out, host);
    out += R"(,"expect":{"status":"not-exchange"})";
  } else {
    fmt::format_to(std::back_inserter(out), R"(,"expect":{{"status":"error","error":"{}"}})",
                   expected_error(host.behaviour));
  }
  out += "}\n";
}

void write_truth(std::FILE* out, const Fleet& fleet, std::vector<AddressRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string buffer;
  auto flush = [&] {
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    buffer.clear();
  };
  std::optional<Address> done;  // the highest address written so far
  for (const auto& r : ranges) {
    if (done && !(*done < r.last)) continue;
    Address a = r.first;
    // Overlap: resume after what was written; it is IPv4 (IPv4 sorts first), and inside 127/8
    // so the increment cannot wrap.
    if (done && !(*done < a)) a = Address{false, done->v4 + 1};
    for (;;) {
      append_truth(buffer, fleet.host(a));
      if (buffer.size() > (1U << 16)) flush();
      if (a == r.last) break;
      ++a.v4;  // only IPv4 ranges hold more than one address
    }
    done = r.last;
  }
  flush();
}

}  // namespace exsim
