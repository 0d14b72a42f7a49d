// SPDX-License-Identifier: Apache-2.0
#include "exray/web/token.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace exray::web {
namespace {

constexpr std::size_t kMinTokenLength = 16;

bool token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<void> check_token_text(std::string_view token) {
  if (token.size() < kMinTokenLength || !std::ranges::all_of(token, token_char))
    return fail(Errc::invalid_argument,
                "the token must be at least 16 characters of A-Z a-z 0-9 - . _ ~ (e.g. `openssl rand -hex 16`)");
  return {};
}

bool token_matches(std::string_view expected, std::string_view given) noexcept {
  // The length is no secret worth hiding (the rules above fix its alphabet, not its size); the
  // bytes are compared without an early exit.
  if (expected.empty() || expected.size() != given.size()) return false;
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string_view bearer_token(std::string_view authorization) noexcept {
  authorization = trim(authorization);
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if ((authorization[i] | 0x20) != kScheme[i]) return {};
  return trim(authorization.substr(kScheme.size()));
}

std::string_view cookie_value(std::string_view cookie_header, std::string_view name) noexcept {
  while (!cookie_header.empty()) {
    const auto semicolon = cookie_header.find(';');
    const auto pair = trim(cookie_header.substr(0, semicolon));
    cookie_header = semicolon == std::string_view::npos ? std::string_view{} : cookie_header.substr(semicolon + 1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) return trim(pair.substr(eq + 1));
  }
  return {};
}

bool request_authorised(std::string_view expected, std::string_view authorization,
                        std::string_view cookie_header) noexcept {
  const auto bearer = bearer_token(authorization);
  if (!bearer.empty()) return token_matches(expected, bearer);
  return token_matches(expected, cookie_value(cookie_header, kTokenCookie));
}

}  // namespace exray::web
