// SPDX-License-Identifier: Apache-2.0
// The SQLite backend: one file, write-ahead logging so the dashboard can read while a scan
// writes, and a busy timeout so two writers wait for each other instead of failing.
#include <fmt/format.h>
#include <sqlite3.h>

#include <map>

#include "database.hpp"

namespace exray::store {
namespace {

constexpr int kBusyTimeoutMs = 30'000;

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Result<void> exec(std::string_view script) override {
    char* message = nullptr;
    const std::string text(script);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string what = message != nullptr ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      return fail(Errc::io_error, fmt::format("SQLite: {}", what), Where{path_});
    }
    return {};
  }

  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params) override {
    auto stmt = prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    sqlite3_stmt* s = *stmt;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      const int rc =
          params[i] ? sqlite3_bind_text64(s, at, params[i]->data(), params[i]->size(), SQLITE_TRANSIENT, SQLITE_UTF8)
                    : sqlite3_bind_null(s, at);
      if (rc != SQLITE_OK) return std::unexpected(error("cannot bind a value"));
    }
    std::vector<Row> rows;
    for (;;) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto failed = error("");
        sqlite3_reset(s);
        return std::unexpected(std::move(failed));
      }
      Row row;
      const int columns = sqlite3_column_count(s);
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(s, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
          row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(s);
    return rows;
  }

  // IMMEDIATE takes the write lock now, so two processes never both decide to migrate.
  Result<void> begin_exclusive() override { return exec("BEGIN IMMEDIATE"); }
  std::string_view backend() const noexcept override { return "sqlite"; }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    const std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &stmt, nullptr) != SQLITE_OK) {
      return std::unexpected(error("cannot prepare a statement"));
    }
    statements_.emplace(key, stmt);
    return stmt;
  }

  Error error(std::string_view what) const {
    return Error{Errc::io_error, fmt::format("SQLite: {}{}{}", what, what.empty() ? "" : ": ", sqlite3_errmsg(db_)),
                 Where{path_}};
  }

  sqlite3* db_;
  std::string path_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int mode = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, mode | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string what = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return fail(Errc::io_error, fmt::format("cannot open the SQLite store: {}", what), Where{path});
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto out = std::make_unique<SqliteDatabase>(db, path);
  // A writer already put the file in WAL mode; a reader may not change the journal.
  if (read_only) return std::unique_ptr<Database>(std::move(out));
  // A file that is not SQLite fails here, with SQLite's own words, before anything is written.
  if (auto ok = out->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !ok)
    return std::unexpected(ok.error());
  return std::unique_ptr<Database>(std::move(out));
}

}  // namespace exray::store
