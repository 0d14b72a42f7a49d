// SPDX-License-Identifier: Apache-2.0
// TLS server contexts, one per organisation and certificate kind, with self-signed ECDSA P-256
// certificates generated at startup (nothing on disk, nothing to expire in the repository).
//
// Sessions are never resumed (no tickets, no session cache): every connection pays a full
// handshake, as it would against distinct real servers, so benchmarks measure the real cost.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "behaviour.hpp"

namespace exsim {

class TlsContexts {
 public:
  [[nodiscard]] static std::expected<TlsContexts, std::string> create();

  [[nodiscard]] boost::asio::ssl::context& get(CertKind kind, unsigned org) const noexcept {
    return *contexts_[static_cast<std::size_t>(kind) * kOrgs + org % kOrgs];
  }

 private:
  TlsContexts() = default;
  std::vector<std::unique_ptr<boost::asio::ssl::context>> contexts_;
};

}  // namespace exsim
