// SPDX-License-Identifier: Apache-2.0
#include "page_frame.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>

#include "exray/report/html_sections.hpp"

namespace exray::web {
namespace {

using report::html::esc;

// The server sends the same policy as a header; the copy here keeps a saved page as strict.
constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";

// What the dashboard adds to the report's style sheet: its navigation and filter forms.
constexpr std::string_view kDashboardStyle = R"(<style>
nav a.active { font-weight: 600; color: #1b1f24; text-decoration: none; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; margin: 12px 0;
               padding: 10px; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #57606a; }
form.filters input, form.filters select, form.filters button { font: inherit; padding: 3px 6px; }
th a { color: inherit; }
</style>
)";

struct NavItem {
  std::string_view path, name;
};
constexpr std::array<NavItem, 4> kNav{NavItem{"/", "Overview"}, NavItem{"/hosts", "Hosts"},
                                      NavItem{"/findings", "Hunt findings"}, NavItem{"/runs", "Runs"}};

void label_open(std::string& out, std::string_view label) { out += "<label>" + esc(label) + " "; }

}  // namespace

std::string open_page(std::string_view title, std::string_view active) {
  std::string out(kHead);
  out += "<title>" + esc(title) + " &ndash; exray dashboard</title>\n";
  out += report::html::style_sheet();
  out += kDashboardStyle;
  out += "</head>\n<body>\n<header>\n<h1>" + esc(title) + "</h1>\n<nav>";
  for (const auto& item : kNav)
    fmt::format_to(std::back_inserter(out), R"(<a href="{}"{}>{}</a>)", item.path,
                   item.path == active ? R"( class="active")" : "", item.name);
  out += "</nav>\n</header>\n<main>\n";
  return out;
}

void close_page(std::string& out) { out += "</main>\n</body>\n</html>\n"; }

void open_form(std::string& out, std::string_view action) {
  out += R"(<form class="filters" method="get" action=")" + esc(action) + "\">\n";
}

void close_form(std::string& out, std::string_view reset_link) {
  out += R"(<button type="submit">Apply</button> )" + anchor(reset_link, "Clear") + "\n</form>\n";
}

void text_input(std::string& out, std::string_view name, std::string_view label, std::string_view value) {
  label_open(out, label);
  out += R"(<input type="search" name=")" + esc(name) + R"(" value=")" + esc(value) + "\"></label>\n";
}

void select_input(std::string& out, std::string_view name, std::string_view label,
                  const std::vector<std::pair<std::string, std::string>>& choices, std::string_view current) {
  label_open(out, label);
  out += R"(<select name=")" + esc(name) + "\">\n<option value=\"\">any</option>\n";
  for (const auto& [value, text] : choices)
    out += R"(<option value=")" + esc(value) + '"' + (value == current ? " selected" : "") + ">" + esc(text) +
           "</option>\n";
  out += "</select></label>\n";
}

void hidden_input(std::string& out, std::string_view name, std::string_view value) {
  if (!value.empty()) out += R"(<input type="hidden" name=")" + esc(name) + R"(" value=")" + esc(value) + "\">\n";
}

std::string anchor(std::string_view href, std::string_view text) {
  return R"(<a href=")" + esc(href, 4096) + "\">" + esc(text) + "</a>";
}

}  // namespace exray::web
