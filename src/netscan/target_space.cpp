// SPDX-License-Identifier: Apache-2.0
#include "exray/netscan/target_space.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <set>

namespace exray::netscan {
namespace {

bool looks_like_host_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '-' || s.front() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

Error placed(Error e, const Where& where) {
  if (!where.source.empty()) e.where = where;
  return e;
}

// Sorted, non-overlapping, adjacent ranges joined.
std::vector<AddressRange> merged(std::vector<AddressRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<AddressRange> out;
  for (const auto& r : ranges) {
    if (!out.empty() && out.back().last.v6 == r.first.v6 &&
        (out.back().last.value == ~Uint128{0} || r.first.value <= out.back().last.value + 1)) {
      out.back().last = std::max(out.back().last, r.last);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

// `keep` minus `cut`; both merged.
std::vector<AddressRange> subtract(const std::vector<AddressRange>& keep, const std::vector<AddressRange>& cut) {
  std::vector<AddressRange> out;
  for (auto r : keep) {
    bool gone = false;
    for (const auto& c : cut) {
      if (c.first.v6 != r.first.v6 || c.last < r.first || r.last < c.first) continue;
      if (r.first < c.first) out.push_back({r.first, IpAddress{r.first.v6, c.first.value - 1}});
      if (c.last < r.last) {
        r.first = IpAddress{r.first.v6, c.last.value + 1};
      } else {
        gone = true;
        break;
      }
    }
    if (!gone) out.push_back(r);
  }
  return out;
}

struct AddrinfoFree {
  void operator()(addrinfo* a) const noexcept { ::freeaddrinfo(a); }
};

}  // namespace

Result<std::vector<IpAddress>> resolve_with_system(const std::string& name) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  if (const int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &raw); rc != 0)
    return fail(Errc::not_found, fmt::format("cannot resolve '{}': {}", name, ::gai_strerror(rc)));
  std::unique_ptr<addrinfo, AddrinfoFree> list(raw);
  std::set<IpAddress> found;
  for (auto* a = list.get(); a != nullptr; a = a->ai_next) {
    std::array<char, 64> text{};
    if (::getnameinfo(a->ai_addr, a->ai_addrlen, text.data(), text.size(), nullptr, 0, NI_NUMERICHOST) != 0) continue;
    if (auto address = parse_address(text.data())) found.insert(*address);
  }
  if (found.empty()) return fail(Errc::not_found, fmt::format("'{}' has no address", name));
  return std::vector<IpAddress>(found.begin(), found.end());
}

Result<void> TargetSpace::add(std::string_view spec, const Where& where) {
  if (final_) return fail(Errc::invalid_argument, "the target space is already fixed");
  if (auto range = parse_range(spec)) {
    if (range->first.v6 && range->size() > kMaxAddresses)
      return std::unexpected(
          placed(Error{Errc::limit_exceeded,
                       fmt::format("'{}' holds more than 2^40 addresses; scan a smaller prefix", spec),
                       {}},
                 where));
    ranges_.push_back(*range);
    return {};
  } else if (!looks_like_host_name(spec) || spec.find_first_not_of("0123456789.") == std::string_view::npos) {
    return std::unexpected(placed(range.error(), where));
  }
  names_.emplace_back(spec);
  return {};
}

Result<void> TargetSpace::exclude(std::string_view spec, const Where& where) {
  if (final_) return fail(Errc::invalid_argument, "the target space is already fixed");
  auto range = parse_range(spec);
  if (!range) return std::unexpected(placed(range.error(), where));
  excludes_.push_back(*range);
  return {};
}

Result<void> TargetSpace::add_text(std::string_view text, std::string_view source, bool as_exclusion) {
  std::uint64_t line_number = 0;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    auto line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    ++line_number;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty()) {
      const auto start = line.find_first_not_of(" \t\r,");
      if (start == std::string_view::npos) break;
      line = line.substr(start);
      const auto stop = std::min(line.find_first_of(" \t\r,"), line.size());
      const Where where{std::string(source), line_number, 0};
      auto added = as_exclusion ? exclude(line.substr(0, stop), where) : add(line.substr(0, stop), where);
      if (!added) return added;
      line = line.substr(stop);
    }
  }
  return {};
}

void TargetSpace::set_ports(std::vector<std::uint16_t> ports) { ports_ = std::move(ports); }

Result<void> TargetSpace::finalize(const Resolver& resolve) {
  excludes_ = merged(std::move(excludes_));
  ranges_ = subtract(merged(std::move(ranges_)), excludes_);
  std::set<std::pair<std::string, IpAddress>> seen;
  for (const auto& name : names_) {
    auto addresses = resolve(name);
    if (!addresses) return std::unexpected(addresses.error());
    for (const auto& a : *addresses)
      if (!is_excluded(a) && seen.emplace(name, a).second) named_.push_back(Target{a, 0, name});
  }
  addresses_ = 0;
  for (const auto& r : ranges_) {
    range_start_.push_back(addresses_);
    addresses_ += static_cast<std::uint64_t>(r.size());
    if (addresses_ > kMaxAddresses)
      return fail(Errc::limit_exceeded, "the targets hold more than 2^40 addresses; split the scan");
  }
  addresses_ += named_.size();
  final_ = true;
  return {};
}

Target TargetSpace::at(std::uint64_t index) const {
  const std::uint64_t host = index / ports_.size();
  const std::uint16_t port = ports_[index % ports_.size()];
  const std::uint64_t in_ranges = addresses_ - named_.size();
  if (host >= in_ranges) {
    Target t = named_[host - in_ranges];
    t.port = port;
    return t;
  }
  const auto it = std::upper_bound(range_start_.begin(), range_start_.end(), host) - 1;
  const auto& range = ranges_[static_cast<std::size_t>(it - range_start_.begin())];
  return Target{IpAddress{range.first.v6, range.first.value + (host - *it)}, port, {}};
}

bool TargetSpace::is_excluded(const IpAddress& address) const noexcept {
  return std::any_of(excludes_.begin(), excludes_.end(), [&](const auto& r) { return r.contains(address); });
}

std::string TargetSpace::fingerprint() const {
  // FNV-1a over a canonical text of the space: stable across runs and machines.
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h = (h ^ 0xffU) * 1099511628211ULL;
  };
  for (const auto& r : ranges_) mix(r.first.to_string() + "-" + r.last.to_string());
  for (const auto& t : named_) mix(t.name + "=" + t.address.to_string());
  for (auto p : ports_) mix(std::to_string(p));
  return fmt::format("{:016x}", h);
}

Result<std::vector<std::uint16_t>> parse_ports(std::string_view text) {
  std::vector<std::uint16_t> ports;
  while (!text.empty()) {
    const auto comma = std::min(text.find(','), text.size());
    const auto item = text.substr(0, comma);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc{} || end != item.data() + item.size() || value == 0 || value > 65535)
      return fail(Errc::invalid_argument, fmt::format("'{}' is not a port (1-65535)", item));
    if (std::find(ports.begin(), ports.end(), value) != ports.end())
      return fail(Errc::invalid_argument, fmt::format("port {} is listed twice", value));
    ports.push_back(static_cast<std::uint16_t>(value));
    if (comma + 1 == text.size()) return fail(Errc::invalid_argument, "a port list cannot end with a comma");
    text = comma < text.size() ? text.substr(comma + 1) : std::string_view{};
  }
  if (ports.empty()) return fail(Errc::invalid_argument, "no port given");
  return ports;
}

}  // namespace exray::netscan
