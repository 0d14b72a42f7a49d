// SPDX-License-Identifier: Apache-2.0
// The dashboard's access token: which requests carry it, compared in constant time so the time
// a wrong guess takes says nothing about how much of it was right.
#pragma once

#include <string>
#include <string_view>

#include "exray/core/error.hpp"

namespace exray::web {

// The cookie the dashboard sets after a visit to `/?token=T`, so links need not carry it.
inline constexpr std::string_view kTokenCookie = "exray_token";

// A token must survive a URL, a header and a cookie unchanged, and resist guessing: at least 16
// characters of A-Z a-z 0-9 - . _ ~
[[nodiscard]] Result<void> check_token_text(std::string_view token);

// `given` equals `expected`, in time that depends only on their lengths.
[[nodiscard]] bool token_matches(std::string_view expected, std::string_view given) noexcept;

// What an `Authorization: Bearer T` header carries, or "" for any other header.
[[nodiscard]] std::string_view bearer_token(std::string_view authorization) noexcept;
// The value of cookie `name` in a `Cookie:` header, or "".
[[nodiscard]] std::string_view cookie_value(std::string_view cookie_header, std::string_view name) noexcept;

// The request carries the token, in its Authorization header or its cookie.
[[nodiscard]] bool request_authorised(std::string_view expected, std::string_view authorization,
                                      std::string_view cookie_header) noexcept;

}  // namespace exray::web
