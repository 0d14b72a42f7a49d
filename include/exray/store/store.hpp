// SPDX-License-Identifier: Apache-2.0
// exray store: every scan and hunt kept over time, in SQLite (one file, the default) or
// PostgreSQL (for teams and sharded scans), with one schema and its migrations.
//
// The store takes the same JSON records `--format jsonl` prints ("host" from scan, "finding"
// from hunt), so what is stored is exactly what a user sees, and a JSONL file from a machine
// without database access can be loaded later. A run is written in batches, each one
// transaction; the run row says "running" until finish() marks it complete, so a killed run
// leaves every whole batch readable and the run visibly incomplete. docs/store.md has the schema.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exray/core/error.hpp"

namespace exray::store {

class Database;

// "sqlite:PATH", a bare PATH (SQLite), or "postgresql://…" / "postgres://…" (libpq's URI).
struct Location {
  enum class Kind : std::uint8_t { sqlite, postgresql } kind = Kind::sqlite;
  std::string target;  // the SQLite file, or the libpq connection string
};
[[nodiscard]] Result<Location> parse_location(std::string_view url);

struct Run {
  std::string id;
  std::string kind;               // "scan", "hunt", "import"
  std::string command;            // what was run, for the record
  std::string started, finished;  // ISO 8601 UTC; finished empty while running or if killed
  std::string status;             // "running" (or killed), "complete", "failed"
  std::uint64_t hosts = 0, findings = 0;
};

// One host as one scan saw it: the columns reports select on, and the whole record.
struct Observation {
  std::string run, observed;  // the run's id and start
  std::string address;
  std::uint16_t port = 0;
  std::string name, status, error, build, product, release;
  std::string cu;      // the release without its security update: "Exchange 2016 CU19"
  std::string record;  // the JSON host record as printed
};

// One advisory's verdict for one host in one run.
struct VerdictRow {
  std::string run, address;
  std::uint16_t port = 0;
  std::string name, advisory, state;
  std::string install;     // the lowest build that closes it
  std::string upgrade_to;  // for "no-fix": the CU to reach first
};

struct FindingRow {
  std::string run, observed;
  std::string id, host, kind, rule, severity, subject, time;
  std::string record;  // the JSON finding record as printed
};

// What an owner was last told about a host: `state` is the alert's own summary of it.
struct NoticeRow {
  std::string owner, address;
  std::uint16_t port = 0;
  std::string name, state, sent;
};

class RunWriter;

class Store {
 public:
  // Opens (creating the SQLite file if need be) and brings the schema up to date.
  [[nodiscard]] static Result<Store> open(std::string_view url);
  // Opens an existing store of this build's schema for reading only: nothing is created,
  // migrated or written, and the connection itself refuses writes. For the dashboard.
  [[nodiscard]] static Result<Store> open_read_only(std::string_view url);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // `started`: when the run began (ISO 8601 UTC); empty is now. Loading a run recorded elsewhere
  // keeps its own time, so reports order it where it happened.
  [[nodiscard]] Result<RunWriter> begin_run(std::string_view kind, std::string_view command,
                                            std::string_view started = {});

  [[nodiscard]] Result<std::vector<Run>> runs() const;
  // Every observation of every host, oldest run first (a report folds them per host).
  [[nodiscard]] Result<std::vector<Observation>> observations() const;
  [[nodiscard]] Result<std::vector<VerdictRow>> verdicts(const std::string& run) const;
  [[nodiscard]] Result<std::vector<FindingRow>> findings() const;
  [[nodiscard]] Result<std::vector<NoticeRow>> notices() const;
  // Replaces what each (owner, host) was last told, all rows in one transaction.
  [[nodiscard]] Result<void> record_notices(const std::vector<NoticeRow>& rows);
  [[nodiscard]] int schema_version() const noexcept;
  [[nodiscard]] std::string_view backend() const noexcept;  // "sqlite" or "postgresql"

 private:
  explicit Store(std::shared_ptr<Database> db, int version);
  std::shared_ptr<Database> db_;
  int version_ = 0;
};

class RunWriter {
 public:
  RunWriter(RunWriter&&) noexcept;
  RunWriter& operator=(RunWriter&&) noexcept;
  ~RunWriter();  // writes what is buffered; the run stays "running" unless finished

  // A JSON record as `--format jsonl` prints it; records other than "host" and "finding" are
  // ignored. Buffered: a batch is written, in one transaction, every kBatch records.
  [[nodiscard]] Result<void> add(std::string_view json_line);
  [[nodiscard]] Result<void> flush();
  // Writes what is buffered and closes the run ("complete" or "failed").
  [[nodiscard]] Result<void> finish(bool complete = true);
  [[nodiscard]] const std::string& id() const noexcept;

  static constexpr std::size_t kBatch = 1000;

 private:
  friend class Store;
  struct State;
  explicit RunWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace exray::store
