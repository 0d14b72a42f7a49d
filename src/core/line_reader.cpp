// SPDX-License-Identifier: Apache-2.0
#include "exray/core/line_reader.hpp"

namespace exray {

LineRead read_line(std::istream& in, std::string& line, std::size_t max) {
  line.clear();
  std::streambuf* buffer = in.rdbuf();
  if (buffer == nullptr || !in.good()) return LineRead::end;
  bool any = false;
  bool too_long = false;
  for (;;) {
    const auto c = buffer->sbumpc();
    if (std::char_traits<char>::eq_int_type(c, std::char_traits<char>::eof())) {
      in.setstate(std::ios::eofbit);
      if (!any) return LineRead::end;
      break;
    }
    any = true;
    const auto ch = std::char_traits<char>::to_char_type(c);
    if (ch == '\n') break;
    if (line.size() < max)
      line.push_back(ch);
    else
      too_long = true;
  }
  return too_long ? LineRead::too_long : LineRead::line;
}

}  // namespace exray
