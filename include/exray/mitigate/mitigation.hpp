// SPDX-License-Identifier: Apache-2.0
// exray mitigate: interim blocking rules for the servers that front Exchange (IIS URL Rewrite,
// nginx, HAProxy, ModSecurity). The rules are data: one template per target under
// rules/mitigations/, compiled into the binary. A template is the finished config file with one
// section per exploit, each between two marker lines holding `exray:begin NAME` and
// `exray:end`; rendering keeps the sections asked for, drops the markers, and writes the chosen
// exploits where the header says @FOR@.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

namespace exray::mitigate {

enum class Exploit : std::uint8_t { proxylogon, proxyshell, proxynotshell };
enum class Target : std::uint8_t { iis, nginx, haproxy, modsecurity };

[[nodiscard]] std::string_view to_string(Exploit exploit) noexcept;
[[nodiscard]] std::string_view to_string(Target target) noexcept;

// "proxylogon,proxynotshell" or "all": each named exploit once, in the order of the enum.
[[nodiscard]] Result<std::vector<Exploit>> parse_exploits(std::string_view list);
[[nodiscard]] Result<Target> parse_target(std::string_view name);

// The built-in template for `target` with the sections for `exploits` kept.
[[nodiscard]] Result<std::string> render(Target target, std::span<const Exploit> exploits);

// The same over any template text; `source` names it in errors (an unknown section, a section
// left open).
[[nodiscard]] Result<std::string> render_template(std::string_view text, std::span<const Exploit> exploits,
                                                  std::string_view source);

}  // namespace exray::mitigate
