// SPDX-License-Identifier: Apache-2.0
// The store's tables (docs/store.md). Plain SQL both SQLite and PostgreSQL run unchanged: text
// keys chosen by exray (no autoincrement, whose syntax differs), ISO 8601 text for instants
// (it sorts as time does), and the whole JSON record beside the columns reports select on.
#include "schema.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace exray::store {
namespace {

constexpr std::array<std::string_view, 2> kMigrations = {
    // 1: runs, what each scan saw of each host, each advisory's verdict, hunt findings.
    R"sql(
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  command TEXT NOT NULL,
  started TEXT NOT NULL,
  finished TEXT,
  status TEXT NOT NULL
);
CREATE TABLE observations (
  run_id TEXT NOT NULL REFERENCES runs (id),
  address TEXT NOT NULL,
  port INTEGER NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT NOT NULL,
  build TEXT NOT NULL,
  product TEXT NOT NULL,
  release_name TEXT NOT NULL,
  cu TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (run_id, address, port, name)
);
CREATE INDEX observations_by_host ON observations (address, port, name);
CREATE TABLE verdicts (
  run_id TEXT NOT NULL,
  address TEXT NOT NULL,
  port INTEGER NOT NULL,
  name TEXT NOT NULL,
  advisory TEXT NOT NULL,
  state TEXT NOT NULL,
  install TEXT NOT NULL,
  upgrade_to TEXT NOT NULL,
  PRIMARY KEY (run_id, address, port, name, advisory),
  FOREIGN KEY (run_id, address, port, name) REFERENCES observations (run_id, address, port, name)
);
CREATE TABLE findings (
  run_id TEXT NOT NULL REFERENCES runs (id),
  id TEXT NOT NULL,
  host TEXT NOT NULL,
  kind TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject TEXT NOT NULL,
  event_time TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (run_id, id)
);
CREATE INDEX findings_by_host ON findings (host);
)sql",
    // 2: what each owner was last told about each host (`exray alert` sends only what changed).
    R"sql(
CREATE TABLE notices (
  owner TEXT NOT NULL,
  address TEXT NOT NULL,
  port INTEGER NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  sent TEXT NOT NULL,
  PRIMARY KEY (owner, address, port, name)
);
)sql",
};

Result<int> current_version(Database& db) {
  auto rows = db.query("SELECT version FROM exray_schema");
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || rows->front().empty() || !rows->front()[0]) return 0;
  const auto& text = *rows->front()[0];
  int version = 0;
  if (std::from_chars(text.data(), text.data() + text.size(), version).ec != std::errc{})
    return fail(Errc::parse_error, fmt::format("the store's schema version '{}' is not a number", text));
  return version;
}

}  // namespace

int latest_schema_version() noexcept { return static_cast<int>(kMigrations.size()); }

Result<int> migrate(Database& db) {
  if (auto ok = db.exec("CREATE TABLE IF NOT EXISTS exray_schema (version INTEGER NOT NULL)"); !ok)
    return std::unexpected(ok.error());
  for (;;) {
    auto tx = Transaction::begin(db, true);
    if (!tx) return std::unexpected(tx.error());
    auto version = current_version(db);  // read under the lock: another process may have migrated
    if (!version) return std::unexpected(version.error());
    if (*version > latest_schema_version())
      return fail(Errc::invalid_argument,
                  fmt::format("the store has schema version {}, newer than this exray knows ({}): upgrade exray",
                              *version, latest_schema_version()));
    if (*version == latest_schema_version()) {
      if (auto ok = tx->commit(); !ok) return std::unexpected(ok.error());
      return *version;
    }
    if (auto ok = db.exec(kMigrations[static_cast<std::size_t>(*version)]); !ok) return std::unexpected(ok.error());
    const Value next = std::to_string(*version + 1);
    auto stamped = *version == 0 ? db.run("INSERT INTO exray_schema (version) VALUES (?)", std::span(&next, 1))
                                 : db.run("UPDATE exray_schema SET version = ?", std::span(&next, 1));
    if (!stamped) return std::unexpected(stamped.error());
    if (auto ok = tx->commit(); !ok) return std::unexpected(ok.error());
  }
}

Result<int> check_version(Database& db) {
  auto version = current_version(db);
  if (!version) return fail(Errc::invalid_argument, fmt::format("not an exray store ({})", version.error().message));
  if (*version < latest_schema_version())
    return fail(Errc::invalid_argument,
                fmt::format("the store has schema version {}, older than this exray's {}: run a scan, hunt or "
                            "report on it once to bring it up to date",
                            *version, latest_schema_version()));
  if (*version > latest_schema_version())
    return fail(Errc::invalid_argument,
                fmt::format("the store has schema version {}, newer than this exray knows ({}): upgrade exray",
                            *version, latest_schema_version()));
  return *version;
}

}  // namespace exray::store
