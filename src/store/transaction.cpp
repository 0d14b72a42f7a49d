// SPDX-License-Identifier: Apache-2.0
#include "database.hpp"

namespace exray::store {

Result<Transaction> Transaction::begin(Database& db, bool exclusive) {
  auto begun = exclusive ? db.begin_exclusive() : db.exec("BEGIN");
  if (!begun) return std::unexpected(begun.error());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  auto* db = std::exchange(db_, nullptr);
  return db->exec("COMMIT");
}

}  // namespace exray::store
