// SPDX-License-Identifier: Apache-2.0
// The requests one host gets, in order, and what their answers mean.
#pragma once

#include "asio.hpp"
#include "exray/netscan/host_result.hpp"
#include "exray/netscan/probes.hpp"
#include "exray/netscan/scanner.hpp"

namespace exray::netscan {

asio::awaitable<HostResult> probe_host(Target target, asio::ssl::context& tls, const ScanOptions& options);

}  // namespace exray::netscan
