// SPDX-License-Identifier: Apache-2.0
// owners.csv: `match,organisation,contact,email` (header required, columns in any order;
// contact and email may be absent). `match` is an address, a range or CIDR, a host name, or
// `*.example.org` for every name in a domain.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "exray/alert/alert.hpp"
#include "exray/core/csv.hpp"
#include "exray/core/file.hpp"
#include "exray/core/text.hpp"
#include "exray/netscan/address.hpp"

namespace exray::alert {
namespace {

constexpr std::size_t kMaxOwnersBytes = 16U << 20U;

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

struct Owners::Rules {
  std::vector<Owner> owners;
  std::vector<std::pair<netscan::AddressRange, std::size_t>> ranges;  // → index in owners
  std::map<std::string, std::size_t> names;                           // exact, lowercase
  std::vector<std::pair<std::string, std::size_t>> domains;           // ".example.org"
};

Owners::Owners(std::unique_ptr<Rules> rules) : rules_(std::move(rules)) {}
Owners::Owners(Owners&&) noexcept = default;
Owners& Owners::operator=(Owners&&) noexcept = default;
Owners::~Owners() = default;
const std::vector<Owner>& Owners::all() const noexcept { return rules_->owners; }

Result<Owners> Owners::read(const std::filesystem::path& csv) {
  auto text = read_small_file(csv, kMaxOwnersBytes);
  if (!text) return std::unexpected(text.error());
  auto rules = std::make_unique<Rules>();
  std::map<std::string, std::size_t> column;
  std::map<std::string, std::size_t> by_organisation;
  std::uint64_t line_number = 0;
  for (auto line : split_lines(*text)) {
    ++line_number;
    const Where where{csv.string(), line_number};
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;
    auto fields = split_csv_record(line);
    if (!fields) return fail(Errc::parse_error, fields.error().message, where);
    if (column.empty()) {
      for (std::size_t i = 0; i < fields->size(); ++i) column[lower(trim((*fields)[i]))] = i;
      if (!column.contains("match") || !column.contains("organisation"))
        return fail(Errc::parse_error, "the first line must name the columns: match,organisation,contact,email", where);
      continue;
    }
    auto field = [&](const char* name) {
      const auto it = column.find(name);
      return it != column.end() && it->second < fields->size() ? std::string(trim((*fields)[it->second]))
                                                               : std::string();
    };
    const auto match = field("match");
    const auto organisation = field("organisation");
    if (match.empty() || organisation.empty())
      return fail(Errc::parse_error, "every row needs a match and an organisation", where);
    auto [it, fresh] = by_organisation.try_emplace(organisation, rules->owners.size());
    if (fresh) rules->owners.push_back(Owner{organisation, field("contact"), field("email")});
    const auto index = it->second;
    if (auto range = netscan::parse_range(match)) {
      rules->ranges.emplace_back(*range, index);
    } else if (match.starts_with("*.") && match.size() > 2) {
      rules->domains.emplace_back(lower(match.substr(1)), index);
    } else if (match.find_first_of(" /\t") == std::string::npos && match.find('.') != std::string::npos) {
      rules->names[lower(match)] = index;
    } else {
      return fail(Errc::parse_error,
                  fmt::format("'{}' is not an address, a range, a host name or *.domain", printable(match)), where);
    }
  }
  if (column.empty())
    return fail(Errc::parse_error, "no header line (match,organisation,contact,email)", Where{csv.string()});
  return Owners(std::move(rules));
}

const Owner* Owners::owner_of(const std::string& address, const std::vector<std::string>& names) const {
  for (const auto& n : names) {
    if (n.empty()) continue;
    const auto name = lower(n);
    if (const auto it = rules_->names.find(name); it != rules_->names.end()) return &rules_->owners[it->second];
    const std::pair<std::string, std::size_t>* best = nullptr;  // the longest domain that fits
    for (const auto& d : rules_->domains)
      if (name.ends_with(d.first) && (best == nullptr || d.first.size() > best->first.size())) best = &d;
    if (best != nullptr) return &rules_->owners[best->second];
  }
  const auto ip = netscan::parse_address(address);
  if (!ip) return nullptr;
  const std::pair<netscan::AddressRange, std::size_t>* best = nullptr;  // the narrowest range
  for (const auto& r : rules_->ranges)
    if (r.first.contains(*ip) && (best == nullptr || r.first.size() < best->first.size())) best = &r;
  return best != nullptr ? &rules_->owners[best->second] : nullptr;
}

}  // namespace exray::alert
