// SPDX-License-Identifier: Apache-2.0
// Private to web: what every dashboard page has around its content (head, style, navigation)
// and the form controls its filters are made of.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exray/web/query.hpp"

namespace exray::web {

// The page's head, the navigation (with `active` marked) and the title as a heading; the page
// appends its content and then close_page().
[[nodiscard]] std::string open_page(std::string_view title, std::string_view active);
void close_page(std::string& out);

// <form method="get" action=…>; the controls follow, then close_form() adds the buttons.
void open_form(std::string& out, std::string_view action);
void close_form(std::string& out, std::string_view reset_link);
void text_input(std::string& out, std::string_view name, std::string_view label, std::string_view value);
// A <select>: "" is "any", then each choice (value, shown text), `current` selected.
void select_input(std::string& out, std::string_view name, std::string_view label,
                  const std::vector<std::pair<std::string, std::string>>& choices, std::string_view current);
// A hidden field that keeps a parameter (such as the sort) across a new filter.
void hidden_input(std::string& out, std::string_view name, std::string_view value);

// <a href="…">text</a>, both escaped.
[[nodiscard]] std::string anchor(std::string_view href, std::string_view text);

}  // namespace exray::web
