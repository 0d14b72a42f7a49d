// SPDX-License-Identifier: Apache-2.0
#include "html_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <set>

#include "exray/core/text.hpp"
#include "exray/report/html_report.hpp"

namespace exray::report::html {
namespace {

using inventory::AdvisoryCount;

// Okabe and Ito's colours tell lines apart for colour-blind readers, the dashes on a greyscale
// print; 7 colours and 3 dashes give 21 distinct lines.
constexpr std::array<const char*, 7> kColours{"#d55e00", "#0072b2", "#009e73", "#cc79a7",
                                              "#e69f00", "#56b4e9", "#000000"};
constexpr std::array<const char*, 3> kDashes{"", "7 3", "2 3"};

struct Segment {
  const char* name;
  const char* css_class;  // its colour, in the page's style sheet
  std::uint64_t AdvisoryCount::*count;
};
constexpr std::array<Segment, 3> kSegments{Segment{"vulnerable", "bar-vuln", &AdvisoryCount::vulnerable},
                                           Segment{"unknown", "bar-unknown", &AdvisoryCount::unknown},
                                           Segment{"patched", "bar-patched", &AdvisoryCount::patched}};

// A scale step of 1, 2 or 5 × 10^k that covers `max` in at most four steps.
std::uint64_t scale_step(std::uint64_t max) {
  for (std::uint64_t unit = 1;; unit *= 10)
    for (const std::uint64_t m : {1U, 2U, 5U})
      if (unit * m * 4 >= max) return unit * m;
}

void line_attributes(std::string& out, std::size_t series) {
  fmt::format_to(std::back_inserter(out), R"(stroke="{}" stroke-width="2")", kColours[series % kColours.size()]);
  if (const char* dash = kDashes[series % kDashes.size()]; *dash != '\0')
    fmt::format_to(std::back_inserter(out), R"( stroke-dasharray="{}")", dash);
}

}  // namespace

std::string esc(std::string_view data, std::size_t max_bytes) { return html_escape(printable(data, max_bytes)); }

std::string advisory_chart(const std::vector<AdvisoryCount>& advisories) {
  constexpr int kWidth = 720, kLabel = 170, kValues = 140, kRow = 26, kBar = 16, kTop = 34;
  constexpr double kArea = kWidth - kLabel - kValues - 10;
  std::uint64_t max_total = 1;
  for (const auto& a : advisories) max_total = std::max(max_total, a.vulnerable + a.unknown + a.patched);
  const auto height = kTop + (static_cast<int>(advisories.size()) * kRow) + 6;
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o,
                 R"(<svg class="chart" viewBox="0 0 {} {}" role="img" )"
                 R"(aria-label="Exchange servers vulnerable, unknown and patched per advisory">)"
                 "\n",
                 kWidth, height);
  int x = kLabel;
  for (const auto& s : kSegments) {
    fmt::format_to(o, R"(<rect class="{}" x="{}" y="8" width="12" height="12"/>)", s.css_class, x);
    fmt::format_to(o,
                   R"(<text x="{}" y="18">{}</text>)"
                   "\n",
                   x + 17, s.name);
    x += 110;
  }
  for (std::size_t i = 0; i < advisories.size(); ++i) {
    const auto& a = advisories[i];
    const int y = kTop + (static_cast<int>(i) * kRow);
    const auto name = esc(a.advisory, 28);
    fmt::format_to(o, R"(<text class="label" x="{}" y="{}" text-anchor="end">{}</text>)", kLabel - 8, y + 12, name);
    double at = kLabel;
    for (const auto& s : kSegments) {
      const auto count = a.*s.count;
      if (count == 0) continue;
      const double width = std::max(1.0, static_cast<double>(count) * kArea / static_cast<double>(max_total));
      fmt::format_to(o,
                     R"(<rect class="{}" x="{:.1f}" y="{}" width="{:.1f}" height="{}"><title>{}: {} {}</title></rect>)",
                     s.css_class, at, y, width, kBar, esc(a.advisory), count, s.name);
      at += width;
    }
    fmt::format_to(o,
                   R"(<text class="value" x="{}" y="{}">{} / {} / {}</text>)"
                   "\n",
                   kWidth - kValues + 4, y + 12, a.vulnerable, a.unknown, a.patched);
  }
  out += "</svg>\n";
  return out;
}

std::string trend_chart(const std::vector<inventory::TrendPoint>& trend) {
  constexpr int kWidth = 720, kLeft = 52, kRight = 44, kTop = 14, kPlot = 220, kAxis = 44, kLegendRow = 20;
  constexpr int kPerLegendRow = 3;
  constexpr double kPlotWidth = kWidth - kLeft - kRight;
  std::set<std::string> series_names;
  std::uint64_t max = 1;
  for (const auto& p : trend)
    for (const auto& [advisory, count] : p.vulnerable) {
      series_names.insert(advisory);
      max = std::max(max, count);
    }
  const std::vector<std::string> series(series_names.begin(), series_names.end());
  const auto step = scale_step(max);
  const auto top = step * ((max + step - 1) / step);
  const auto n = trend.size();
  auto x_of = [&](std::size_t i) {
    return n <= 1 ? kLeft + (kPlotWidth / 2)
                  : kLeft + (static_cast<double>(i) * kPlotWidth / static_cast<double>(n - 1));
  };
  auto y_of = [&](std::uint64_t v) {
    return kTop + kPlot - (static_cast<double>(v) * kPlot / static_cast<double>(top));
  };
  const int legend_rows = static_cast<int>((series.size() + kPerLegendRow - 1) / kPerLegendRow);
  const int height = kTop + kPlot + kAxis + (legend_rows * kLegendRow) + 6;

  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o,
                 R"(<svg class="chart" viewBox="0 0 {} {}" role="img" )"
                 R"(aria-label="Vulnerable Exchange servers per advisory at each scan">)"
                 "\n",
                 kWidth, height);
  for (std::uint64_t t = 0; t <= top; t += step) {
    const auto y = y_of(t);
    fmt::format_to(o, R"(<line class="grid" x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}"/>)", kLeft, y, kWidth - kRight, y);
    fmt::format_to(o,
                   R"(<text class="tick" x="{}" y="{:.1f}" text-anchor="end">{}</text>)"
                   "\n",
                   kLeft - 6, y + 4, t);
  }
  // At most about six dates under the axis, so they never overlap.
  const std::size_t every = std::max<std::size_t>(1, (n + 5) / 6);
  for (std::size_t i = 0; i < n; i += every) {
    const auto& started = trend[i].started;
    const auto time = started.size() >= 16 ? std::string_view(started).substr(11, 5) : std::string_view();
    fmt::format_to(o,
                   R"(<text class="tick" x="{:.1f}" y="{}" text-anchor="middle">{}<tspan x="{:.1f}" dy="14">{})"
                   R"(</tspan></text>)"
                   "\n",
                   x_of(i), kTop + kPlot + 18, esc(std::string_view(started).substr(0, 10)), x_of(i), esc(time));
  }
  for (std::size_t s = 0; s < series.size(); ++s) {
    const auto& advisory = series[s];
    std::string points;
    for (std::size_t i = 0; i < n; ++i) {
      const auto it = trend[i].vulnerable.find(advisory);
      const auto v = it == trend[i].vulnerable.end() ? 0 : it->second;
      fmt::format_to(std::back_inserter(points), "{}{:.1f},{:.1f}", i == 0 ? "" : " ", x_of(i), y_of(v));
    }
    if (n > 1) {
      out += R"(<polyline fill="none" )";
      line_attributes(out, s);
      fmt::format_to(o,
                     R"( points="{}"/>)"
                     "\n",
                     points);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto it = trend[i].vulnerable.find(advisory);
      const auto v = it == trend[i].vulnerable.end() ? 0 : it->second;
      fmt::format_to(
          o, R"(<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="{}"><title>{}, {}: {} vulnerable</title></circle>)",
          x_of(i), y_of(v), kColours[s % kColours.size()], esc(trend[i].started), esc(advisory), v);
    }
    const int row = static_cast<int>(s) / kPerLegendRow;
    const int lx = kLeft + ((static_cast<int>(s) % kPerLegendRow) * 220);
    const int ly = kTop + kPlot + kAxis + (row * kLegendRow) + 10;
    fmt::format_to(o, R"(<line x1="{}" y1="{}" x2="{}" y2="{}" )", lx, ly - 4, lx + 26, ly - 4);
    line_attributes(out, s);
    fmt::format_to(o,
                   R"(/><text x="{}" y="{}">{}</text>)"
                   "\n",
                   lx + 32, ly, esc(advisory, 28));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace exray::report::html
