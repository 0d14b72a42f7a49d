// SPDX-License-Identifier: Apache-2.0
// exray walk: the files a hunt reads.
//
// walk() lists every regular file under the given roots on several threads and returns them in
// path order, so every engine downstream sees the same, stable list. It never follows a symbolic
// link unless asked (a copy's links point outside the evidence), never enters a folder that
// loops back above itself, never opens FIFOs, sockets or devices, and stops at a maximum depth. Nothing is skipped silently: links, special
// files, folders it could not list and folders cut by the depth limit are counted, and each
// unreadable or cut folder is reported to the sink as an error.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/cancel.hpp"
#include "exray/core/error.hpp"
#include "exray/core/sink.hpp"
#include "exray/core/time.hpp"

namespace exray::walk {

struct WalkOptions {
  bool follow_symlinks = false;
  unsigned max_depth = 64;       // folders below a root; deeper ones are reported, not entered
  // PowerShell-style globs (`*`, `?`, `[a-z]`, case-insensitive) on the path relative to its root,
  // written with `/` and a leading `/`, e.g. `/inetpub/*` or `*.aspx`. A file is kept when it
  // matches some include (or there is none) and no exclude. Excluded folders are not entered.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  unsigned threads = 0;  // 0: one per core
  const Cancellation* cancel = nullptr;
  // A folder holding a file of this name is not entered (and counted): how an evidence vault
  // kept on the hunted disk stays out of the hunt. Empty: none.
  std::string skip_marker;
};

struct FileEntry {
  std::string path;      // as given to open(): the root joined with the relative path
  // The path below its root with `/` separators and a leading `/`. Triage tools that copy a
  // Windows tree flat may leave `\` inside names; those become `/` here too, so path rules see
  // `/inetpub/wwwroot/aspnet_client/x.aspx` either way.
  std::string relative;
  std::uint64_t size = 0;
  TimePoint modified{};
  std::optional<TimePoint> created;  // birth time, where the file system keeps one
  std::uint32_t mode = 0;
  std::uint32_t owner = 0;
  bool named = false;  // given on the command line rather than found in a folder

  [[nodiscard]] std::string_view name() const noexcept {
    return std::string_view(relative).substr(relative.rfind('/') + 1);
  }
  // The last `.` and what follows, as written (".ASPX"); empty for none or a leading dot.
  [[nodiscard]] std::string_view extension() const noexcept {
    const auto n = name();
    const auto dot = n.rfind('.');
    return dot == std::string_view::npos || dot == 0 ? std::string_view{} : n.substr(dot);
  }
};

struct WalkSummary {
  std::uint64_t files = 0;
  std::uint64_t folders = 0;
  std::uint64_t symlinks_skipped = 0;
  std::uint64_t special_skipped = 0;  // FIFOs, sockets, devices
  std::uint64_t excluded = 0;         // files and folders left out by --include/--exclude
  std::uint64_t too_deep = 0;         // folders not entered because of max_depth
  std::uint64_t marked_skipped = 0;   // folders not entered because they hold skip_marker
  std::uint64_t errors = 0;           // roots or folders that could not be read
};

// Everything about single paths goes to the sink as an error; the result is the files found.
[[nodiscard]] std::vector<FileEntry> walk(std::span<const std::string> roots, const WalkOptions& options,
                                          FindingSink& sink, WalkSummary& summary);

// The relative form of a path inside a triage copy: `\` becomes `/`, a leading `/` is added.
[[nodiscard]] std::string normalise_relative(std::string_view path);

}  // namespace exray::walk
