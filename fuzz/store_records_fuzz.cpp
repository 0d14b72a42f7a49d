// SPDX-License-Identifier: Apache-2.0
// Lines of JSON records into the store (an in-memory SQLite one), then the inventory report
// over what was kept: hostile records are refused or stored, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exray/inventory/inventory.hpp"
#include "exray/store/store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto store = exray::store::Store::open("sqlite::memory:");
  if (!store) __builtin_trap();  // an in-memory store always opens
  auto run = store->begin_run("scan", "fuzz");
  if (!run) __builtin_trap();
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    (void)run->add(rest.substr(0, newline));
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  }
  (void)run->finish();
  (void)exray::inventory::build_report(*store, {});
  return 0;
}
