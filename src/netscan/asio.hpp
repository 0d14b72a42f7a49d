// SPDX-License-Identifier: Apache-2.0
// The Boost.Asio / Beast headers netscan uses, in one place. Boost 1.74's awaitable.hpp uses
// std::exchange without including <utility>, hence the include first.
#pragma once

// clang-format off
#include <utility>  // first: see above
// clang-format on

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace exray::netscan {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::system::error_code;
}  // namespace exray::netscan
