// SPDX-License-Identifier: Apache-2.0
// Private to vault: manifest records <-> items. An item's state is the fold of its records:
// quarantine -> quarantined | quarantine-rolled-back; restore -> restored | restore-rolled-back.
#pragma once

#include <string>
#include <vector>

#include "manifest.hpp"

namespace exray::vault {

namespace event {
inline constexpr const char* kQuarantine = "quarantine";
inline constexpr const char* kQuarantined = "quarantined";
inline constexpr const char* kQuarantineRolledBack = "quarantine-rolled-back";
inline constexpr const char* kRestore = "restore";
inline constexpr const char* kRestored = "restored";
inline constexpr const char* kRestoreRolledBack = "restore-rolled-back";
}  // namespace event

// The fields of a "quarantine" record (without seq/prev).
[[nodiscard]] Json quarantine_fields(const Item& item);
// Fields of the other records: {"event", "item", "path", "at"} plus `extra`.
[[nodiscard]] Json event_fields(const char* event, const Item& item, const Json& extra = Json::object());

// Applies one record to the item list. A record that names no known item, or a step out of
// order, is a problem (the manifest was written by something else).
class ItemFolder {
 public:
  void apply(const Record& record);
  [[nodiscard]] const std::vector<Item>& items() const noexcept { return items_; }
  [[nodiscard]] std::vector<Item>& items() noexcept { return items_; }
  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }
  // For a restore with `replace`: the sha256 of the file that was set aside, by item id.
  [[nodiscard]] Item* find(const std::string& id);

 private:
  std::vector<Item> items_;
  std::vector<Problem> problems_;
};

}  // namespace exray::vault
