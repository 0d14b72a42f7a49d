// SPDX-License-Identifier: Apache-2.0
// The ground truth: one JSON object per address, the contract `exray scan` is tested against.
// Keys that do not apply to a host are left out (see README.md for the schema).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "address.hpp"
#include "behaviour.hpp"

namespace exsim {

// Appends the host's line, with its newline.
void append_truth(std::string& out, const Host& host);

// Writes the line of every address of `ranges` once, in ascending order (IPv4 before ::1),
// however the ranges overlap.
void write_truth(std::FILE* out, const Fleet& fleet, std::vector<AddressRange> ranges);

}  // namespace exsim
