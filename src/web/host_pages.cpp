// SPDX-License-Identifier: Apache-2.0
// The hosts table (each host's latest sighting, filtered and sorted by query parameters) and a
// host's own page (every sighting over time, and the hunt findings that name it).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "exray/core/text.hpp"
#include "exray/report/html_sections.hpp"
#include "exray/web/pages.hpp"
#include "page_frame.hpp"

namespace exray::web {
namespace {

namespace html = report::html;
using html::esc;
using html::td;
using inventory::Exposure;
using inventory::HostHistory;
using inventory::Sighting;

std::string detail_link(const inventory::HostKey& key) {
  return link("/hosts/detail", {{"address", key.address}, {"port", std::to_string(key.port)}});
}

std::vector<std::string> open_advisories(const Sighting& s) {
  std::vector<std::string> out;
  for (const auto& [advisory, state] : s.advisories)
    if (inventory::exposure_of(state.state) == Exposure::vulnerable) out.push_back(advisory);
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::optional<Exposure> exposure_named(std::string_view name) {
  if (name == "vulnerable") return Exposure::vulnerable;
  if (name == "unknown") return Exposure::unknown;
  if (name == "patched") return Exposure::patched;
  return std::nullopt;
}

// The filters of the hosts page, read once from the parameters.
struct HostFilter {
  std::string_view text, advisory, cu;
  std::optional<Exposure> state;

  [[nodiscard]] bool matches(const HostHistory& h) const {
    const auto& s = h.sightings.back();
    if (!cu.empty() && s.cu != cu) return false;
    if (state) {
      const bool any = std::ranges::any_of(s.advisories, [&](const auto& a) {
        return (advisory.empty() || a.first == advisory) && inventory::exposure_of(a.second.state) == *state;
      });
      if (!any) return false;
    } else if (!advisory.empty() && !s.advisories.contains(std::string(advisory))) {
      return false;
    }
    if (text.empty()) return true;
    return icontains(h.key.label(), text) || icontains(s.build, text) || icontains(s.release, text) ||
           icontains(s.status, text) || icontains(s.error, text);
  }
};

// The value a column sorts by; the host's label breaks ties, so the order is stable across loads.
std::string sort_value(const HostHistory& h, std::string_view column) {
  const auto& s = h.sightings.back();
  if (column == "status") return s.status;
  if (column == "build") return s.build;
  if (column == "cu") return s.cu;
  if (column == "seen") return s.observed;
  if (column == "sightings") return fmt::format("{:012}", h.sightings.size());
  if (column == "open") return fmt::format("{:06}", open_advisories(s).size());
  return {};
}

constexpr std::array<std::pair<const char*, const char*>, 7> kColumns{
    std::pair{"host", "host"},         std::pair{"status", "status"},
    std::pair{"build", "build"},       std::pair{"cu", "CU"},
    std::pair{"seen", "last seen"},    std::pair{"sightings", "sightings"},
    std::pair{"open", "vulnerable to"}};

// A header that sorts by its column; a second click on the sorted column reverses it.
std::string sort_header(const Params& params, std::string_view column, std::string_view text) {
  auto next = params;
  const bool sorted = param(params, "sort") == column || (param(params, "sort").empty() && column == "host");
  next["sort"] = std::string(column);
  next["dir"] = sorted && param(params, "dir") != "desc" ? "desc" : "";
  std::string mark;
  if (sorted) mark = param(params, "dir") == "desc" ? " &darr;" : " &uarr;";
  return "<th>" + anchor(link("/hosts", next), text) + mark + "</th>";
}

void filter_form(std::string& out, const std::vector<HostHistory>& hosts, const Params& params) {
  std::set<std::string> advisories, cus;
  for (const auto& h : hosts) {
    const auto& s = h.sightings.back();
    if (!s.cu.empty()) cus.insert(s.cu);
    for (const auto& [advisory, _] : s.advisories) advisories.insert(advisory);
  }
  std::vector<std::pair<std::string, std::string>> advisory_choices, cu_choices;
  for (const auto& a : advisories) advisory_choices.emplace_back(a, a);
  for (const auto& c : cus) cu_choices.emplace_back(c, c);
  open_form(out, "/hosts");
  text_input(out, "q", "text", param(params, "q"));
  select_input(out, "state", "state", {{"vulnerable", "vulnerable"}, {"unknown", "unknown"}, {"patched", "patched"}},
               param(params, "state"));
  select_input(out, "advisory", "to advisory", advisory_choices, param(params, "advisory"));
  select_input(out, "cu", "CU", cu_choices, param(params, "cu"));
  hidden_input(out, "sort", param(params, "sort"));
  hidden_input(out, "dir", param(params, "dir"));
  close_form(out, "/hosts");
}

std::string advisory_states(const Sighting& s) {
  std::string out;
  for (const auto& [advisory, state] : s.advisories) {
    const auto exposure = inventory::exposure_of(state.state);
    const char* css = exposure == Exposure::vulnerable ? "open" : exposure == Exposure::patched ? "closed" : "";
    out += fmt::format(R"(<span class="{}">{}: {}</span><br>)", css, esc(advisory), esc(state.state));
  }
  return out.empty() ? std::string("&ndash;") : out;
}

}  // namespace

std::string hosts_page(const std::vector<HostHistory>& hosts, const Params& params) {
  auto out = open_page("Hosts", "/hosts");
  filter_form(out, hosts, params);
  const HostFilter filter{param(params, "q"), param(params, "advisory"), param(params, "cu"),
                          exposure_named(param(params, "state"))};
  std::vector<const HostHistory*> shown;
  for (const auto& h : hosts)
    if (!h.sightings.empty() && filter.matches(h)) shown.push_back(&h);
  const auto column = param(params, "sort");
  std::ranges::stable_sort(shown, [&](const HostHistory* a, const HostHistory* b) {
    const auto left = sort_value(*a, column), right = sort_value(*b, column);
    return left != right ? left < right : a->key < b->key;
  });
  if (param(params, "dir") == "desc") std::ranges::reverse(shown);

  fmt::format_to(std::back_inserter(out),
                 R"(<p class="note"><span id="shown">{}</span> of <span id="total">{}</span> hosts, )"
                 "each as its latest sighting shows it.</p>\n",
                 shown.size(), hosts.size());
  out += "<table>\n<thead><tr>";
  for (const auto& [key, text] : kColumns) out += sort_header(params, key, text);
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < shown.size() && i < html::kMaxRows; ++i) {
    const auto& h = *shown[i];
    const auto& s = h.sightings.back();
    out += "<tr>" + td(anchor(detail_link(h.key), h.key.label())) + td(esc(s.status)) + td(html::or_dash(s.build)) +
           td(html::or_dash(s.cu)) + td(html::time_text(s.observed)) + td(h.sightings.size()) +
           td(esc(joined(open_advisories(s))), "open") + "</tr>\n";
  }
  html::close_table(out, shown.size());
  close_page(out);
  return out;
}

std::string host_detail_page(const std::vector<HostHistory>& hosts, const std::vector<store::FindingRow>& findings,
                             const Params& params) {
  const auto address = param(params, "address");
  std::uint16_t port = 0;
  const auto port_text = param(params, "port");
  const bool port_ok = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port).ec == std::errc{};
  std::vector<const HostHistory*> matching;  // a host renamed between scans has one history per name
  for (const auto& h : hosts)
    if (port_ok && h.key.address == address && h.key.port == port) matching.push_back(&h);
  if (matching.empty()) return {};

  // Titled by address and port: the names differ between the histories, the place does not.
  auto out = open_page(inventory::HostKey{std::string(address), port, {}}.label(), "/hosts");
  std::set<std::string> names{std::string(address)};
  for (const auto* h : matching) {
    if (!h->key.name.empty()) names.insert(h->key.name);
    fmt::format_to(std::back_inserter(out), "<section><h2>Sightings of {}: {}</h2>\n", esc(h->key.label()),
                   h->sightings.size());
    html::open_table(out, {{"seen"}, {"run"}, {"status"}, {"build"}, {"release"}, {"advisories"}, {"error"}});
    for (std::size_t i = 0; i < h->sightings.size() && i < html::kMaxRows; ++i) {
      const auto& s = h->sightings[h->sightings.size() - 1 - i];  // newest first
      out += "<tr>" + td(html::time_text(s.observed)) + td(esc(s.run)) + td(esc(s.status)) +
             td(html::or_dash(s.build)) + td(html::or_dash(s.release)) + td(advisory_states(s)) +
             td(html::or_dash(s.error), "path") + "</tr>\n";
    }
    html::close_table(out, h->sightings.size());
    out += "</section>\n";
  }
  // A hunt names its server as `--host` gave it: the scanned name or the address.
  std::map<std::string, std::vector<store::FindingRow>> own;
  for (const auto& f : findings)
    if (names.contains(f.host)) own[f.host].push_back(f);
  html::findings_section(out, own);
  html::timelines_section(out, inventory::timelines(own));
  close_page(out);
  return out;
}

}  // namespace exray::web
