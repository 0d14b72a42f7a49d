// SPDX-License-Identifier: Apache-2.0
// exray core: errors as values.
//
// Every fallible library call returns `Result<T>` (std::expected<T, Error>). An Error carries a
// stable machine code, a one-line human message and, where input caused it, the place in that
// input ("file:line:col"). Nothing in the library throws across its API; `main` is the only
// catch-all.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace exray {

// Stable codes: printers and tests match on these, never on message text.
enum class Errc : std::uint8_t {
  invalid_argument,  // the caller's (or user's) request makes no sense
  parse_error,       // input bytes do not follow their format
  io_error,          // the operating system refused a read or write
  not_found,         // a named thing does not exist
  limit_exceeded,    // input larger or deeper than we agree to process
  cancelled,         // the user asked us to stop
};

[[nodiscard]] std::string_view to_string(Errc code) noexcept;

// A position in some input; empty `source` means "no position".
struct Where {
  std::string source;        // a path, or a label such as "<stdin>" or "argument 2"
  std::uint64_t line = 0;    // 1-based; 0 = unknown
  std::uint64_t column = 0;  // 1-based; 0 = unknown
};

struct Error {
  Errc code = Errc::invalid_argument;
  std::string message;
  Where where;

  // "source:line:col: message" (the parts that are known), the form compilers use.
  [[nodiscard]] std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(Errc code, std::string message, Where where = {}) {
  return std::unexpected<Error>(Error{code, std::move(message), std::move(where)});
}

}  // namespace exray
