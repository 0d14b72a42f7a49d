// SPDX-License-Identifier: Apache-2.0
// File names: Windows names for Linux sources, web shell names, users' document names.
#include <fmt/format.h>

#include "layout.hpp"

namespace filetree {
namespace {

std::string_view base_name(std::string_view rel) {
  const auto slash = rel.rfind('/');
  return slash == std::string_view::npos ? rel : rel.substr(slash + 1);
}

// "libssl.so.3" -> "libssl", "libc.a" -> "libc", "python3.11" -> "python3" (a version is not an
// extension, but Windows names rarely hold dots, so cutting at the first one looks right).
std::string_view stem(std::string_view name) {
  const auto dot = name.find('.', 1);
  return dot == std::string_view::npos ? name : name.substr(0, dot);
}

// clang-format off
constexpr std::string_view kShellNames[] = {
    "errorEE", "RedirSuiteServerProxy", "supp0rt", "discover", "help", "document", "OutlookEN", "OutlookJP",
    "HttpProxy", "aspnet_www", "TimeoutLogout", "web", "shell", "one", "load", "logout", "iispage", "server",
    "MultiUp", "aspnettest", "xx"};
// clang-format on

constexpr std::string_view kDocWords[] = {
    "Budget",    "Invoice",   "Contract",  "Minutes",    "Report",    "Proposal",    "Payroll",   "Roadmap",
    "Inventory", "Policy",    "Audit",     "Forecast",   "Plan",      "Offer",       "Statement", "Meeting notes",
    "Checklist", "Org chart", "Migration", "Backup log", "Passwords", "Vendor list", "Travel",    "Onboarding"};
constexpr std::string_view kDocSuffixes[] = {" 2019", " 2020", " 2021",  " Q1",      " Q4", " final",
                                             " v2",   " (2)",  " draft", " 2021-02", ""};
constexpr std::string_view kDocExts[] = {"docx", "docx", "xlsx", "xlsx", "pdf", "pdf",
                                         "pptx", "txt",  "csv",  "msg",  "vsdx"};

}  // namespace

std::string random_alnum(Rng& rng, std::size_t n) {
  static constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(n, ' ');
  for (auto& c : s) c = kChars[rng.index(kChars.size())];
  return s;
}

std::string document_name(Rng& rng) {
  return fmt::format("{}{}.{}", rng.pick(kDocWords), rng.pick(kDocSuffixes), rng.pick(kDocExts));
}

std::string make_name(Naming naming, std::string_view rel, Rng& rng) {
  const auto name = base_name(rel);
  switch (naming) {
    case Naming::kDll:
      return fmt::format("{}.dll", stem(name));
    case Naming::kExe:
      return fmt::format("{}.exe", stem(name));
    case Naming::kMui:
      return fmt::format("{}.dll.mui", stem(name));
    case Naming::kAppWeb:
      return fmt::format("App_Web_{}.dll", random_alnum(rng, 8));
    case Naming::kKeep:
      return std::string(name);
    case Naming::kTail2: {
      const auto slash = rel.rfind('/');
      if (slash == std::string_view::npos || slash == 0) return std::string(name);
      return std::string(rel.substr(rel.rfind('/', slash - 1) + 1));  // npos + 1 == 0: the whole rel
    }
    case Naming::kDocument:
      return document_name(rng);
    case Naming::kTemp:
      return fmt::format("~DF{:04X}.tmp", rng.below(0x10000));
    case Naming::kLog:
      return fmt::format("{}_202103{:02}{:02}-{}.log", stem(name), rng.range(1, 6), rng.range(0, 23), rng.range(1, 9));
    case Naming::kInstaller:
      return fmt::format("{:07x}.{}", rng.below(1u << 28), rng.one_in(3) ? "cab" : "msi");
  }
  return std::string(name);
}

std::string web_shell_name(std::string_view sample_name, Rng& rng) {
  std::string lower(sample_name);
  for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower == "global.asax" || lower == "web.config") return lower;
  const auto dot = lower.rfind('.');
  const std::string_view ext =
      dot == std::string::npos ? std::string_view(".aspx") : std::string_view(lower).substr(dot);
  // Half random like the March 2021 drops (e.g. "xclkmcfldfi948398430fdjkfdkj.aspx"), half names
  // chosen to blend in among OWA's own pages.
  if (rng.one_in(2)) return fmt::format("{}{}", random_alnum(rng, rng.range(6, 28)), ext);
  return fmt::format("{}{}", rng.pick(kShellNames), ext);
}

}  // namespace filetree
