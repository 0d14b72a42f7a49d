// SPDX-License-Identifier: Apache-2.0
// Every byte of a scanned host's answer is the attacker's: parse it as the scanner does (Beast,
// the same limits), then read the build and the probe verdicts from it.
#include <cstdint>
#include <string_view>

#include "exray/netscan/fingerprint.hpp"
#include "exray/netscan/probes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exray::netscan;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto response = parse_http_response(bytes, HttpLimits{4096, 8192});
  if (!response) return 0;
  (void)looks_like_exchange(*response);
  (void)build_from_owa_header(*response);
  (void)build_from_exporttool(*response);
  (void)build_from_logon_page(*response);
  (void)read_probe(Probe::proxylogon, &*response, ErrorKind::none);
  (void)read_probe(Probe::proxyshell, &*response, ErrorKind::none);
  return 0;
}
