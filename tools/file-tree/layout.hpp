// SPDX-License-Identifier: Apache-2.0
// The shape of the tree: a triage copy of the C: drive of an Exchange 2019 server.
//
// A slot is one kind of place (System32 libraries, OWA scripts, a user's documents...) with its
// share of the benign files, the category of real bytes it takes and how it names them.
// make_layout expands each slot's folder patterns into concrete folders once, up front, so that
// files cluster a dozen or a few hundred to a folder as on a real disk. names.cpp makes the
// file names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exchange-logs/rng.hpp"
#include "sources.hpp"

namespace filetree {

using exlogs::Rng;

// The Exchange install folder, under which most of the interesting paths are.
inline constexpr std::string_view kV15 = "Program Files/Microsoft/Exchange Server/V15";

enum class Naming : std::uint8_t {
  kDll,        // libfoo.so.1 -> libfoo.dll
  kExe,        // foo -> foo.exe
  kMui,        // foo.mo -> foo.dll.mui
  kAppWeb,     // App_Web_k2x9fq1m.dll, as ASP.NET compiles pages
  kKeep,       // the source's own name
  kTail2,      // the source's folder and name (python/email/utils.py -> email/utils.py)
  kDocument,   // "Budget 2021 Q1.xlsx"
  kTemp,       // ~DF3A1C.tmp
  kLog,        // Diagnostics_20210302-1.log
  kInstaller,  // 4f3a2b1.msi
};

struct Slot {
  unsigned weight = 0;  // share of the benign files, out of the sum over the slots
  Category source = Category::kData;
  Naming naming = Naming::kKeep;
  bool small_only = false;  // never given an MB-sized file (markup, locale resources)
  std::vector<std::string> dirs;
};

struct Layout {
  std::vector<Slot> slots;
  std::size_t huge_slot = 0;            // where the tens-of-MB files go (installer caches)
  std::vector<std::string> users;       // folder names under Users/
  std::string victim;                   // the user whose Documents DearCry encrypted
  std::vector<std::string> shell_dirs;  // where attackers drop web shells, most likely first
  std::vector<std::string> web_dirs;    // every other web folder, for the odd shell
};

// `benign_files` sizes the number of folders per slot.
Layout make_layout(Rng& rng, std::uint64_t benign_files);

// A file name for a file of a slot named `naming` whose bytes come from a source with path `rel`
// (relative to its root). May hold one '/' (kTail2).
std::string make_name(Naming naming, std::string_view rel, Rng& rng);

// A new name for a web shell sample: HAFNIUM-style random or plausible page names, the
// sample's extension kept; "global.asax" and "web.config" keep their names, which they need to
// work.
std::string web_shell_name(std::string_view sample_name, Rng& rng);

// A user's document name with an office extension, e.g. "Minutes 2021-02 final.docx".
std::string document_name(Rng& rng);

// `n` lowercase letters and digits.
std::string random_alnum(Rng& rng, std::size_t n);

}  // namespace filetree
