// SPDX-License-Identifier: Apache-2.0
// exray inventory: the timeline of a compromised host, from its hunt findings.
//
// A responder asks how the server was taken: which request exploited it, what configuration
// the attacker changed, which file that wrote, and when the web shell was used. Each finding
// is one step of that story; its stage comes from the finding's kind, refined for the rules
// whose kind ("exploitation") covers several steps. Steps about the same web path (a shell
// file found on disk, the file an OAB export wrote, the URL requested in the IIS log) link up
// into one chain per web shell.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "exray/store/store.hpp"

namespace exray::inventory {

enum class Stage : std::uint8_t {
  probe,          // a scanner tried the flaw
  exploit,        // a request that exploited it (SSRF, deserialisation)
  config_change,  // the attacker changed Exchange's configuration (virtual directory, roles)
  file_written,   // a file was written: the shell on disk, or the log of its writing
  shell_used,     // a request to a web shell
  credentials,    // credential dumps
  staging,        // archives and other files staged for theft
  ransomware,
};
[[nodiscard]] std::string_view to_string(Stage stage) noexcept;

struct TimelineStep {
  std::string time;  // ISO 8601; for a file on disk its modification time
  Stage stage = Stage::exploit;
  std::string rule, what;  // what: the request, file or excerpt the finding is about
  std::string web_path;    // lower-case URL path of the web shell it concerns, if any
};

// One web shell, from the exploit before it to its last use.
struct ShellChain {
  std::string web_path;
  std::string exploited, changed;  // the last exploit and configuration change before it was written
  std::string written;             // the earliest evidence of the file being written
  std::string first_used, last_used;
  std::uint64_t uses = 0;
  std::string file;  // where it was found on disk, if it was
};

struct HostTimeline {
  std::vector<ShellChain> chains;   // ordered by when the shell was written (or first used)
  std::vector<TimelineStep> steps;  // every step, oldest first
};

// The web path a file is served under, from its path on disk ("…/inetpub/wwwroot/x/y.aspx" →
// "/x/y.aspx"), or from a requested URL ("/X/Y.aspx?a=b" → "/x/y.aspx"); empty if it has none.
[[nodiscard]] std::string web_path_of_file(std::string_view path);
[[nodiscard]] std::string web_path_of_url(std::string_view url);

// Hosts with at least one exploit, written file, shell use or ransomware step get a timeline.
[[nodiscard]] std::map<std::string, HostTimeline> timelines(
    const std::map<std::string, std::vector<store::FindingRow>>& findings_by_host);

}  // namespace exray::inventory
