// SPDX-License-Identifier: Apache-2.0
// The plan of the tree: every file's path, size and where its bytes come from, and the ground
// truth of the planted and synthetic files.
//
// All random choices are made here, up front, from the seed; writing then needs no randomness
// but each synthetic file's own seed, so files can be written in any order by any number of
// threads and the tree stays the same.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sources.hpp"

namespace filetree {

struct Options {
  std::filesystem::path out;
  std::uint64_t files = 100'000;
  std::uint64_t size = 5ULL << 30;
  std::uint64_t seed = 1;
  std::optional<std::filesystem::path> samples;
  std::filesystem::path benign_source = "/usr";
  unsigned threads = 2;
};

// The first `length` bytes of a source file.
struct Piece {
  std::uint32_t source = 0;
  std::uint64_t length = 0;
};

enum class Synthetic : std::uint8_t { kNone, kDearCry, kRansomNote, kPstWebShell, kMinidump, kZip };

struct FileSpec {
  std::string rel;  // relative to the output folder, '/' separators
  std::uint64_t size = 0;
  std::vector<Piece> pieces;  // real bytes, concatenated; empty for synthetic files
  Synthetic synthetic = Synthetic::kNone;
  std::uint64_t seed = 0;      // synthetic content
  std::uint64_t original = 0;  // kDearCry: the size of the file before encryption
};

struct Truth {
  std::string path;    // as FileSpec::rel
  std::string kind;    // webshell, ransomware, suspicious_file, credential_dump
  std::string source;  // the sample's path relative to --samples, or "synthetic"
};

struct Plan {
  std::vector<FileSpec> files;
  std::vector<Truth> truth;
  std::uint64_t bytes = 0;
};

// Throws std::invalid_argument when --files and --size cannot be met (too few files for the
// planted ones, or less than about 1 KB per benign file).
Plan make_plan(const Options& opt, const Sources& sources);

}  // namespace filetree
