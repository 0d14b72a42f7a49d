// SPDX-License-Identifier: Apache-2.0
// The bytes of the synthetic suspicious files: what no public sample shows but a compromised
// Exchange server of March 2021 held (DearCry's encrypted files and note, web shells inside PST
// exports, an LSASS minidump, a zip archive named .log).
//
// Only the parts that detectors look at are real (magic numbers, header fields, the script);
// the rest is pseudo-random, as encrypted and compressed data look.
#pragma once

#include <cstdint>
#include <string>

#include "plan.hpp"

namespace filetree {

// The size of a DearCry file that encrypted `original` bytes.
std::uint64_t dearcry_size(std::uint64_t original);

// The content of a synthetic `file`: exactly file.size bytes, except for the ransom note, whose
// size is its text's.
std::string synthesize(const FileSpec& file);

}  // namespace filetree
