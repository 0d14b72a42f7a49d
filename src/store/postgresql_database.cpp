// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL backend, through libpq: statements are prepared once per connection and run
// with text parameters; `?` placeholders become `$1`, `$2`, ….
#include <fmt/format.h>
#include <libpq-fe.h>

#include <map>

#include "database.hpp"

namespace exray::store {
namespace {

// Any fixed number: it names the lock every exray process takes to migrate the schema.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(4242021)";

// `?` outside quoted text becomes `$n`.
std::string numbered(std::string_view sql) {
  std::string out;
  int n = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted)
      out += fmt::format("${}", ++n);
    else
      out += c;
  }
  return out;
}

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() { PQclear(r_); }
  [[nodiscard]] PGresult* get() const noexcept { return r_; }
  [[nodiscard]] bool ok() const noexcept {
    const auto s = PQresultStatus(r_);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  }

 private:
  PGresult* r_;
};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PGconn* conn) : conn_(conn) {}
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  ~PostgresDatabase() override { PQfinish(conn_); }

  Result<void> exec(std::string_view script) override {
    PgResult r(PQexec(conn_, std::string(script).c_str()));
    if (!r.ok()) return std::unexpected(error(r.get()));
    return {};
  }

  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params) override {
    auto name = prepare(sql);
    if (!name) return std::unexpected(name.error());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PgResult r(
        PQexecPrepared(conn_, name->c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0));
    if (!r.ok()) return std::unexpected(error(r.get()));
    std::vector<Row> rows;
    const int n = PQntuples(r.get());
    const int columns = PQnfields(r.get());
    rows.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      Row row;
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(r.get(), i, c) != 0)
          row.emplace_back(std::nullopt);
        else
          row.emplace_back(
              std::string(PQgetvalue(r.get(), i, c), static_cast<std::size_t>(PQgetlength(r.get(), i, c))));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Result<void> begin_exclusive() override {
    if (auto ok = exec("BEGIN"); !ok) return ok;
    return exec(kMigrationLock);
  }
  std::string_view backend() const noexcept override { return "postgresql"; }

 private:
  Result<std::string> prepare(std::string_view sql) {
    const std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    auto name = fmt::format("exray_{}", statements_.size() + 1);
    PgResult r(PQprepare(conn_, name.c_str(), numbered(sql).c_str(), 0, nullptr));
    if (!r.ok()) return std::unexpected(error(r.get()));
    statements_.emplace(key, name);
    return name;
  }

  Error error(PGresult* r) const {
    const char* what = r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    std::string text = what != nullptr && *what != '\0' ? what : PQerrorMessage(conn_);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return Error{Errc::io_error, fmt::format("PostgreSQL: {}", text), {}};
  }

  PGconn* conn_;
  std::map<std::string, std::string, std::less<>> statements_;
};

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

Result<std::unique_ptr<Database>> open_postgresql(const std::string& conninfo, bool read_only) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) return fail(Errc::io_error, "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string what = PQerrorMessage(conn);
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    PQfinish(conn);
    // The connection string may hold a password: the message names the server, libpq's words.
    return fail(Errc::io_error, fmt::format("cannot connect to PostgreSQL: {}", what));
  }
  // "relation already exists, skipping" and the like are not the user's business.
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  auto out = std::make_unique<PostgresDatabase>(conn);
  if (read_only)
    if (auto ok = out->exec("SET default_transaction_read_only = on"); !ok) return std::unexpected(ok.error());
  return std::unique_ptr<Database>(std::move(out));
}

}  // namespace exray::store
