// SPDX-License-Identifier: Apache-2.0
// What each simulated address is: a pure function of (address, seed), shared by the server and
// by `--truth`, so the ground truth cannot drift from what is served.
//
// A Fleet is built once from exray's knowledge base (the Exchange builds to deploy and whether
// each is vulnerable); Fleet::host() is then arithmetic only, cheap enough to run on every
// accepted connection. truth.hpp turns a Host into the line the scanner is checked against.
//
// The epoch models time passing between two scans of one fleet: at epoch 0 the fleet is as
// deployed; from epoch 1 on, about a third of the Exchange hosts (fixed by address and seed) that
// run a build older than the newest security update of their CU run that update instead.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "address.hpp"

namespace exsim {

enum class Behaviour : std::uint8_t {
  rejects,  // TCP reset before any byte (a listening process cannot refuse a connection)
  // HTTPS servers that are not Exchange
  nginx,
  iis,
  catch_all,
  exchange,
  // misbehaving servers
  silent,
  bad_tls,
  slow_drip,
  reset_mid_response,
  garbage,
  huge_headers,
  hangs_up,
};

[[nodiscard]] std::string_view to_string(Behaviour b) noexcept;
// The error the scanner should report for this host ("reset", "timeout", ...); empty when the
// host answers HTTP.
[[nodiscard]] std::string_view expected_error(Behaviour b) noexcept;
[[nodiscard]] bool is_web_server(Behaviour b) noexcept;  // nginx, iis, catch-all or exchange
// Completes a TLS handshake (everything except rejects, silent and bad-tls).
[[nodiscard]] bool speaks_tls(Behaviour b) noexcept;

// One deployable Exchange build, with what the knowledge base says about it.
struct BuildChoice {
  std::string full;    // "15.1.2176.2"
  std::string branch;  // "15.1.2176", as OWA resource paths show it
  bool listed = true;  // a row of the knowledge base
  bool proxylogon_vulnerable = false;
  bool proxyshell_vulnerable = false;  // the april-2021 advisory
};

struct ExchangeHost {
  const BuildChoice* build = nullptr;
  // Which sources reveal the build.
  bool x_owa_version = false;
  bool exporttool = false;
  bool owa_path = false;
  bool mitigated = false;  // Microsoft's EOMT URL Rewrite rule is installed
  unsigned fe_server = 0;  // X-FEServer: EXCH-<n>
};

enum class CertKind : std::uint8_t { mail, www };
inline constexpr unsigned kOrgs = 16;

struct Host {
  Address address;
  std::uint64_t key = 0;  // the seeded hash of the address every draw starts from
  Behaviour behaviour = Behaviour::rejects;
  unsigned org = 0;       // which organisation's certificate it presents
  ExchangeHost exchange;  // when behaviour == exchange

  [[nodiscard]] CertKind cert_kind() const noexcept {
    return behaviour == Behaviour::exchange ? CertKind::mail : CertKind::www;
  }
};

// The DNS names of an organisation's certificate; the first is the common name.
[[nodiscard]] std::vector<std::string> cert_names(CertKind kind, unsigned org);

class Fleet {
 public:
  // Loads exray's built-in knowledge base; fails only if that data is broken. Epochs above 1
  // are the same as 1.
  [[nodiscard]] static std::expected<Fleet, std::string> create(std::uint64_t seed, std::uint64_t epoch);

  [[nodiscard]] Host host(const Address& address) const noexcept;
  [[nodiscard]] std::size_t build_count() const noexcept { return listed_.size(); }

 private:
  Fleet(std::uint64_t seed, bool patched) : seed_(seed), patched_(patched) {}
  std::uint64_t seed_;
  bool patched_;  // epoch >= 1
  // Exchange 2013/2016/2019 releases, and the same releases one revision later where the
  // knowledge base does not know that build (else the listed one again), index for index.
  std::vector<BuildChoice> listed_;
  std::vector<BuildChoice> unlisted_;
  // Index for index again: the newest security update of the release's CU when it is newer than
  // the release (and so than the unlisted build, which is not a release), else nothing.
  std::vector<std::optional<BuildChoice>> updates_;
};

}  // namespace exsim
