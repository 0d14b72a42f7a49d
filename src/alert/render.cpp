// SPDX-License-Identifier: Apache-2.0
// A notice as text (also the .eml body) and as JSON. Everything about a host came from the
// host or a hunted file: text goes through printable(), JSON is escaped by the JSON writer.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "exray/alert/alert.hpp"
#include "exray/core/text.hpp"

namespace exray::alert {
namespace {

using Json = nlohmann::ordered_json;

std::string shown(std::string_view s) { return printable(s, 512); }

// What to do until the update is installed (Microsoft's published interim guidance).
std::string_view interim(std::string_view advisory) {
  if (advisory == "proxylogon")
    return "until patched, block external access to /owa and /ecp, or apply Microsoft's URL Rewrite mitigation "
           "for CVE-2021-26855 (Exchange On-premises Mitigation Tool, EOMT)";
  if (advisory == "proxynotshell")
    return "until patched, apply Microsoft's URL Rewrite rule that blocks Autodiscover requests naming PowerShell, "
           "and disable remote PowerShell for users who are not administrators";
  return "no interim mitigation is published: restrict access from the internet until the update is installed";
}

std::string fix(const OpenAdvisory& o) {
  if (o.state == "no-fix") return fmt::format("upgrade to {}, then install {}", shown(o.upgrade_to), shown(o.install));
  return fmt::format("install {}", shown(o.install));
}

std::string headline(const Notice& n) {
  std::size_t act = 0;
  for (const auto& h : n.hosts) act += h.change == Change::resolved ? 0 : 1;
  return act > 0 ? fmt::format("{} Exchange server(s) of {} need action", act, shown(n.owner.organisation))
                 : fmt::format("Exchange servers of {}: resolved since our last notice", shown(n.owner.organisation));
}

// RFC 2045 quoted-printable: every line stays under 76 characters and 8-bit text survives.
std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool trailing_space = (c == ' ' || c == '\t') && (i + 1 == text.size() || text[i + 1] == '\n');
    std::string piece = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !trailing_space)
                            ? std::string(1, static_cast<char>(c))
                            : fmt::format("={:02X}", c);
    if (column + piece.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  }
  return out;
}

// A header value: ASCII as it is, anything else as an RFC 2047 encoded word.
std::string header(std::string_view value) {
  bool ascii = true;
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    ascii = ascii && c >= 32 && c < 127;
  }
  if (ascii) return std::string(value);
  std::string encoded;
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    encoded += std::isalnum(c) != 0 ? std::string(1, ch) : fmt::format("={:02X}", c);
  }
  return "=?UTF-8?Q?" + encoded + "?=";
}

}  // namespace

std::string file_stem(const Owner& owner) {
  std::string stem;
  for (char ch : owner.organisation) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0)
      stem += static_cast<char>(std::tolower(c));
    else if (!stem.empty() && stem.back() != '-')
      stem += '-';
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  return stem.empty() ? "owner" : stem;
}

std::string notice_text(const Notice& n, const Letterhead& l) {
  std::string out;
  out += fmt::format("{}\n\n", headline(n));
  out += fmt::format("Hello{},\n\n", n.owner.contact.empty() ? "" : " " + shown(n.owner.contact));
  out += fmt::format(
      "this notice names the Microsoft Exchange servers of {} that exray found unpatched or compromised{}.\n",
      shown(n.owner.organisation),
      n.since_last.empty() ? "" : fmt::format(", and only what changed since our notice of {}", n.since_last));
  for (std::size_t i = 0; i < n.hosts.size(); ++i) {
    const auto& h = n.hosts[i];
    out += fmt::format("\n{}. {}  [{}]\n", i + 1, shown(h.host.label()), to_string(h.change));
    if (!h.build.empty())
      out += fmt::format("   build {}{} (seen {})\n", shown(h.build), h.cu.empty() ? "" : " — " + shown(h.cu), h.seen);
    if (h.change == Change::resolved) {
      out += "   no longer open to any advisory we check, and no serious hunt finding: nothing to do.\n";
      continue;
    }
    for (const auto& o : h.open) {
      out += fmt::format("   - {} ({}), open since {}: {}\n", o.advisory, o.state, o.since, fix(o));
      out += fmt::format("     {}\n", interim(o.advisory));
    }
    if (!h.findings.empty()) {
      out += "   Found on this server:\n";
      for (const auto& f : h.findings)
        out += fmt::format("   - {} {}: {} ({})\n", f.severity, shown(f.kind), shown(f.subject), shown(f.rule));
    }
    out += fmt::format(
        "   Check it for compromise (web shells, exploitation in the logs): on the server, or on a collected copy,\n"
        "     exray hunt \"C:\\Program Files\\Microsoft\\Exchange Server\" C:\\inetpub{}\n",
        l.store.empty() ? "" : " --db " + l.store);
  }
  out += fmt::format("\nThis notice was written by exray on {}.\n", l.date);
  return out;
}

std::string notice_json(const Notice& n, const Letterhead& l) {
  Json hosts = Json::array();
  for (const auto& h : n.hosts) {
    Json open = Json::array();
    for (const auto& o : h.open)
      open.push_back({{"advisory", o.advisory},
                      {"state", o.state},
                      {"since", o.since},
                      {"install", o.install.empty() ? Json(nullptr) : Json(o.install)},
                      {"upgrade_to", o.upgrade_to.empty() ? Json(nullptr) : Json(o.upgrade_to)},
                      {"interim", interim(o.advisory)}});
    Json findings = Json::array();
    for (const auto& f : h.findings) {
      auto record = Json::parse(f.record, nullptr, false);
      findings.push_back(record.is_discarded() ? Json(f.record) : record);
    }
    hosts.push_back({{"address", h.host.address},
                     {"port", h.host.port},
                     {"name", h.host.name.empty() ? Json(nullptr) : Json(h.host.name)},
                     {"change", to_string(h.change)},
                     {"build", h.build.empty() ? Json(nullptr) : Json(h.build)},
                     {"cu", h.cu.empty() ? Json(nullptr) : Json(h.cu)},
                     {"seen", h.seen},
                     {"open", open},
                     {"findings", findings}});
  }
  Json j{{"schema", 1},
         {"type", "notice"},
         {"organisation", n.owner.organisation},
         {"contact", n.owner.contact},
         {"email", n.owner.email},
         {"date", l.date},
         {"since_last", n.since_last.empty() ? Json(nullptr) : Json(n.since_last)},
         {"hosts", hosts}};
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string notice_eml(const Notice& n, const Letterhead& l) {
  unsigned char random[8];
  std::string id;
  if (RAND_bytes(random, sizeof random) == 1)
    for (unsigned char b : random) id += fmt::format("{:02x}", b);
  const auto domain = l.from.find('@') != std::string::npos ? l.from.substr(l.from.find('@') + 1) : "localhost";
  std::string out;
  out += fmt::format("From: {}\r\n", l.from);
  out +=
      fmt::format("To: {}\r\n",
                  n.owner.email.empty()
                      ? "undisclosed-recipients:;"
                      : fmt::format("{} <{}>", header(n.owner.contact.empty() ? n.owner.organisation : n.owner.contact),
                                    n.owner.email));
  out += fmt::format("Subject: {}\r\n", header("[exray] " + headline(n)));
  out += fmt::format("Date: {:%a, %d %b %Y %H:%M:%S} +0000\r\n",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  out += fmt::format("Message-ID: <{}@{}>\r\n", id, domain);
  out +=
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
      "quoted-printable\r\n\r\n";
  out += quoted_printable(notice_text(n, l));
  return out;
}

}  // namespace exray::alert
