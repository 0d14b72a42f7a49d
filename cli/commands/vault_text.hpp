// SPDX-License-Identifier: Apache-2.0
// Shared by the vault commands: what an opened vault had to repair first.
#pragma once

#include <iostream>

#include "exray/vault/vault.hpp"

namespace exray::cli {

inline void print_recovery(const vault::Recovery& recovery) {
  for (const auto& action : recovery.actions) std::cerr << "exray: vault recovery: " << action << '\n';
}

}  // namespace exray::cli
