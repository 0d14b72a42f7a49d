// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/target_feed.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "exray/core/line_reader.hpp"

namespace exray::netscan {
namespace {

// A target line is an address and a port, or a line of masscan/ZMap output: far below this.
constexpr std::size_t kMaxTargetLine = 64 * 1024;

std::uint16_t port_number(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size() && value > 0 && value <= 65535
             ? static_cast<std::uint16_t>(value)
             : 0;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  while (out.size() < 16) {
    const auto start = line.find_first_not_of(" \t\r,");
    if (start == std::string_view::npos) break;
    line = line.substr(start);
    const auto stop = std::min(line.find_first_of(" \t\r,"), line.size());
    out.push_back(line.substr(0, stop));
    line = line.substr(stop);
  }
  return out;
}

// The quoted value after `"key":` in a JSON line (masscan writes flat objects).
std::string_view json_value(std::string_view line, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  auto at = line.find(quoted);
  if (at == std::string_view::npos) return {};
  auto rest = line.substr(at + quoted.size());
  rest = rest.substr(std::min(rest.find_first_not_of(" \t:"), rest.size()));
  if (!rest.empty() && rest.front() == '"') {
    rest = rest.substr(1);
    return rest.substr(0, std::min(rest.find('"'), rest.size()));
  }
  return rest.substr(0, std::min(rest.find_first_of(",} \t"), rest.size()));
}

std::optional<ListedTarget> with_port(std::string_view address, std::string_view port) {
  auto a = parse_address(address);
  if (!a) return std::nullopt;
  return ListedTarget{*a, port_number(port)};
}

}  // namespace

std::optional<ListedTarget> parse_listed_target(std::string_view line) {
  if (line.size() > 4096) return std::nullopt;
  if (line.find('{') != std::string_view::npos) return with_port(json_value(line, "ip"), json_value(line, "port"));
  const auto w = words(line);
  if (w.empty() || w.front().starts_with('#')) return std::nullopt;
  if (w.size() >= 4 && w[0] == "open" && w[1] == "tcp") return with_port(w[3], w[2]);  // masscan -oL
  if (w.size() >= 2 && w[0] == "Host:") {                                              // masscan -oG
    std::string_view port;
    for (std::size_t i = 2; i + 1 < w.size(); ++i)
      if (w[i] == "Ports:") port = w[i + 1].substr(0, w[i + 1].find('/'));
    return with_port(w[1], port);
  }
  if (auto plain = parse_address(w[0])) return ListedTarget{*plain, 0};  // bare address or ZMap CSV
  const auto colon = w[0].rfind(':');
  if (colon != std::string_view::npos && (w[0].front() == '[' || w[0].find(':') == colon))
    return with_port(w[0].substr(0, colon), w[0].substr(colon + 1));
  return std::nullopt;
}

SpaceFeed::SpaceFeed(const TargetSpace& space, ScanOrder order, std::uint64_t first, std::vector<std::uint64_t> skip)
    : space_(space), order_(order), cursor_(first), skip_(std::move(skip)) {
  std::sort(skip_.begin(), skip_.end());
}

std::optional<NextTarget> SpaceFeed::next() {
  for (;;) {
    const auto step = cursor_.fetch_add(1, std::memory_order_relaxed);
    if (step >= order_.count()) return std::nullopt;
    if (std::binary_search(skip_.begin(), skip_.end(), step)) continue;
    return NextTarget{step, space_.at(order_.target(step))};
  }
}

StreamFeed::StreamFeed(std::istream& in, const TargetSpace& space) : in_(in), space_(space) {}

std::optional<NextTarget> StreamFeed::next() {
  std::lock_guard lock(mutex_);
  std::string line;
  while (pending_.empty()) {
    const auto read = read_line(in_, line, kMaxTargetLine);
    if (read == LineRead::end) return std::nullopt;
    if (read == LineRead::too_long) {
      ++unreadable_;
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto listed = parse_listed_target(line);
    if (!listed) {
      if (line.find_first_not_of(" \t\r") != std::string::npos && line.front() != '#') ++unreadable_;
      continue;
    }
    if (space_.is_excluded(listed->address)) continue;  // exclusions always win
    if (listed->port != 0) {
      pending_.push_back(Target{listed->address, listed->port, {}});
    } else {
      for (auto it = space_.ports().rbegin(); it != space_.ports().rend(); ++it)
        pending_.push_back(Target{listed->address, *it, {}});
    }
  }
  Target t = std::move(pending_.back());
  pending_.pop_back();
  return NextTarget{step_++, std::move(t)};
}

}  // namespace exray::netscan
