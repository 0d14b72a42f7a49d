// SPDX-License-Identifier: Apache-2.0
// Private to store: the little the store needs from a SQL database, over SQLite and libpq.
//
// Parameters and results are text (or NULL): both databases convert text to the column's type
// on the way in, and SQL written with `?` placeholders runs on both (libpq's `$n` is
// substituted). That keeps one set of SQL statements for both backends.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exray/core/error.hpp"

namespace exray::store {

using Value = std::optional<std::string>;  // nullopt is NULL
using Row = std::vector<Value>;

class Database {
 public:
  virtual ~Database() = default;
  // Statements without parameters, separated by ';' (schema scripts, BEGIN, COMMIT).
  [[nodiscard]] virtual Result<void> exec(std::string_view script) = 0;
  [[nodiscard]] virtual Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {}) = 0;
  // BEGIN, taking the lock that keeps a second writer's schema migration out.
  [[nodiscard]] virtual Result<void> begin_exclusive() = 0;
  [[nodiscard]] virtual std::string_view backend() const noexcept = 0;

  [[nodiscard]] Result<void> run(std::string_view sql, std::span<const Value> params) {
    auto rows = query(sql, params);
    if (!rows) return std::unexpected(rows.error());
    return {};
  }
};

// `read_only`: the connection refuses to write (SQLite opens the file read-only and never creates
// it; PostgreSQL makes every transaction read-only), for readers such as the dashboard.
[[nodiscard]] Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, bool read_only = false);
[[nodiscard]] Result<std::unique_ptr<Database>> open_postgresql(const std::string& conninfo, bool read_only = false);

// The open transaction is rolled back unless commit() is called.
class Transaction {
 public:
  [[nodiscard]] static Result<Transaction> begin(Database& db, bool exclusive = false);
  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  [[nodiscard]] Result<void> commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;
};

}  // namespace exray::store
