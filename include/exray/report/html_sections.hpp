// SPDX-License-Identifier: Apache-2.0
// The pieces of an exray HTML page, shared by the HTML report file (`exray report --html`) and
// the dashboard (`exray serve`), so both draw the same numbers the same way.
//
// Every function appends markup to `out`. Data reaches the markup only through esc(); the tags,
// attributes and CSS classes are only ever our own words. The style sheet is inline and there is
// no script: a page opens offline, and a Content-Security-Policy can forbid everything else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exray/inventory/inventory.hpp"

namespace exray::report::html {

// Data as page text: at most `max_bytes` bytes, control and non-ASCII bytes as \xNN (as the text
// report prints them), then html_escape. Nothing from a report reaches a page any other way.
[[nodiscard]] std::string esc(std::string_view data, std::size_t max_bytes = 512);

// A table longer than this is cut, with a note: a page of a /8 must still open and print.
inline constexpr std::size_t kMaxRows = 2000;

// The `<style>` element every exray page carries.
[[nodiscard]] std::string_view style_sheet() noexcept;

struct Column {
  const char* header;  // markup: our own words
  bool number = false;
};
void open_table(std::string& out, std::initializer_list<Column> columns);
// Closes the table; a note says so when only kMaxRows of `total` rows were written.
void close_table(std::string& out, std::size_t total);

// A cell of markup: esc() of data, a number, or our own words. `css_class` is ours, never data.
[[nodiscard]] std::string td(std::string_view markup, const char* css_class = nullptr);
[[nodiscard]] std::string td(std::uint64_t number);
// A time kept on one line, so a row of a long table stays one line on paper.
[[nodiscard]] std::string time_text(const std::string& data);
// esc(data), or a dash for nothing.
[[nodiscard]] std::string or_dash(const std::string& data);
// A severity cell: the page's colour for a severity it knows, the escaped text otherwise.
[[nodiscard]] std::string severity_cell(std::string_view severity);
// Worst first ("critical" is 0); a severity the page does not know ranks last.
[[nodiscard]] std::size_t severity_rank(std::string_view severity) noexcept;
// The severities the page knows, worst first.
[[nodiscard]] const std::vector<std::string_view>& severities();

void card(std::string& out, std::uint64_t number, std::string_view label_markup, bool bad = false);
[[nodiscard]] std::size_t finding_count(const inventory::Report& r);

// The report's sections, each a <section> with its heading.
void summary_cards(std::string& out, const inventory::Report& r);  // counts and vulnerable per advisory
void runs_table(std::string& out, const std::vector<store::Run>& runs);
void summary_section(std::string& out, const inventory::Report& r);  // the cards and the runs
void advisories_section(std::string& out, const inventory::Report& r);
void trend_section(std::string& out, const inventory::Report& r);
void releases_section(std::string& out, const inventory::Report& r);
void newly_seen_section(std::string& out, const inventory::Report& r);
void changes_section(std::string& out, const inventory::Report& r);
void still_open_section(std::string& out, const inventory::Report& r);
// The hunt findings of `findings` (host → its findings), by host, worst first.
void findings_section(std::string& out, const std::map<std::string, std::vector<store::FindingRow>>& findings);
// Each compromised host's story: a chain per web shell, then every step oldest first.
void timelines_section(std::string& out, const std::map<std::string, inventory::HostTimeline>& timelines);

}  // namespace exray::report::html
