// SPDX-License-Identifier: Apache-2.0
// exray core: reading line-oriented input (findings files, target lists on stdin) in bounded
// memory. std::getline keeps a line whatever its length, so one endless line would exhaust
// memory; this keeps at most `max` bytes and consumes the rest of a longer line.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

namespace exray {

enum class LineRead : unsigned char {
  line,      // `line` holds the next line, without its '\n'
  too_long,  // the line was longer than `max`: it was consumed, `line` holds its first `max` bytes
  end,       // no bytes were left
};

// A last line without a '\n' is still a line.
[[nodiscard]] LineRead read_line(std::istream& in, std::string& line, std::size_t max);

}  // namespace exray
