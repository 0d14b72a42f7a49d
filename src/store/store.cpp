// SPDX-License-Identifier: Apache-2.0
#include "exray/store/store.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <charconv>

#include "database.hpp"
#include "exray/core/time.hpp"
#include "records.hpp"
#include "schema.hpp"

namespace exray::store {
namespace {

std::string run_id() {
  unsigned char bytes[6];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a run id");
  std::string id = format_iso8601(std::chrono::floor<std::chrono::seconds>(now()));
  std::erase(id, '-');
  std::erase(id, ':');
  id += '-';
  for (unsigned char b : bytes) id += fmt::format("{:02x}", b);
  return id;  // "20210302T100405Z-3f2a9c1d0b7e": sorts by time, unique across machines
}

std::string str(const Value& v) { return v.value_or(std::string()); }

std::uint64_t number(const Value& v) {
  std::uint64_t n = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), n);
  return n;
}

}  // namespace

Result<Location> parse_location(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return Location{Location::Kind::postgresql, std::string(url)};
  if (url.starts_with("sqlite:")) url.remove_prefix(7);
  if (url.empty()) return fail(Errc::invalid_argument, "--db needs sqlite:PATH or postgresql://…");
  if (url.find("://") != std::string_view::npos)
    return fail(Errc::invalid_argument, fmt::format("'{}': the store is sqlite:PATH or postgresql://…", url));
  return Location{Location::Kind::sqlite, std::string(url)};
}

Store::Store(std::shared_ptr<Database> db, int version) : db_(std::move(db)), version_(version) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(std::string_view url) {
  auto where = parse_location(url);
  if (!where) return std::unexpected(where.error());
  auto db = where->kind == Location::Kind::sqlite ? open_sqlite(where->target) : open_postgresql(where->target);
  if (!db) return std::unexpected(db.error());
  auto version = migrate(**db);
  if (!version) return std::unexpected(version.error());
  return Store(std::shared_ptr<Database>(std::move(*db)), *version);
}

Result<Store> Store::open_read_only(std::string_view url) {
  auto where = parse_location(url);
  if (!where) return std::unexpected(where.error());
  auto db =
      where->kind == Location::Kind::sqlite ? open_sqlite(where->target, true) : open_postgresql(where->target, true);
  if (!db) return std::unexpected(db.error());
  auto version = check_version(**db);
  if (!version) return std::unexpected(version.error());
  return Store(std::shared_ptr<Database>(std::move(*db)), *version);
}

int Store::schema_version() const noexcept { return version_; }
std::string_view Store::backend() const noexcept { return db_->backend(); }

// ---- writing a run ----

struct RunWriter::State {
  std::shared_ptr<Database> db;
  std::string id;
  std::vector<HostRows> hosts;
  std::vector<FindingRow> findings;
  bool closed = false;

  Result<void> write_batch() {
    if (hosts.empty() && findings.empty()) return {};
    auto tx = Transaction::begin(*db);
    if (!tx) return std::unexpected(tx.error());
    for (const auto& h : hosts) {
      const auto& o = h.observation;
      const Value row[] = {
          id,   o.address, std::to_string(o.port), o.name, o.status, o.error, o.build, o.product, o.release,
          o.cu, o.record};
      if (auto ok = db->run("INSERT INTO observations (run_id, address, port, name, status, error, build, product, "
                            "release_name, cu, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            row);
          !ok)
        return ok;
      for (const auto& v : h.verdicts) {
        const Value verdict[] = {id,        v.address,   std::to_string(v.port), v.name, v.advisory, v.state,
                                 v.install, v.upgrade_to};
        if (auto ok =
                db->run("INSERT INTO verdicts (run_id, address, port, name, advisory, state, install, upgrade_to) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        verdict);
            !ok)
          return ok;
      }
    }
    for (const auto& f : findings) {
      const Value row[] = {id, f.id, f.host, f.kind, f.rule, f.severity, f.subject, f.time, f.record};
      if (auto ok =
              db->run("INSERT INTO findings (run_id, id, host, kind, rule, severity, subject, event_time, record) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      row);
          !ok)
        return ok;
    }
    if (auto ok = tx->commit(); !ok) return ok;
    hosts.clear();
    findings.clear();
    return {};
  }
};

Result<RunWriter> Store::begin_run(std::string_view kind, std::string_view command, std::string_view started) {
  auto state = std::make_unique<RunWriter::State>();
  state->db = db_;
  state->id = run_id();
  const Value row[] = {state->id, std::string(kind), std::string(command),
                       started.empty() ? format_iso8601(now()) : std::string(started)};
  if (auto ok = db_->run("INSERT INTO runs (id, kind, command, started, status) VALUES (?, ?, ?, ?, 'running')", row);
      !ok)
    return std::unexpected(ok.error());
  return RunWriter(std::move(state));
}

RunWriter::RunWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
RunWriter::RunWriter(RunWriter&&) noexcept = default;
RunWriter& RunWriter::operator=(RunWriter&&) noexcept = default;
RunWriter::~RunWriter() {
  if (state_ && !state_->closed) (void)state_->write_batch();
}

const std::string& RunWriter::id() const noexcept { return state_->id; }

Result<void> RunWriter::add(std::string_view json_line) {
  auto rows = rows_of(json_line);
  if (!rows) return std::unexpected(rows.error());
  if (auto* h = std::get_if<HostRows>(&*rows)) state_->hosts.push_back(std::move(*h));
  if (auto* f = std::get_if<FindingRow>(&*rows)) state_->findings.push_back(std::move(*f));
  if (state_->hosts.size() + state_->findings.size() >= kBatch) return flush();
  return {};
}

Result<void> RunWriter::flush() { return state_->write_batch(); }

Result<void> RunWriter::finish(bool complete) {
  if (auto ok = flush(); !ok) return ok;
  const Value row[] = {format_iso8601(now()), std::string(complete ? "complete" : "failed"), state_->id};
  if (auto ok = state_->db->run("UPDATE runs SET finished = ?, status = ? WHERE id = ?", row); !ok) return ok;
  state_->closed = true;
  return {};
}

// ---- reading ----

Result<std::vector<Run>> Store::runs() const {
  auto rows = db_->query(
      "SELECT id, kind, command, started, finished, status, (SELECT COUNT(*) FROM observations o WHERE o.run_id = "
      "runs.id), (SELECT COUNT(*) FROM findings f WHERE f.run_id = runs.id) FROM runs ORDER BY started, id");
  if (!rows) return std::unexpected(rows.error());
  std::vector<Run> out;
  for (const auto& r : *rows)
    out.push_back(Run{str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), number(r[6]), number(r[7])});
  return out;
}

Result<std::vector<Observation>> Store::observations() const {
  auto rows = db_->query(
      "SELECT o.run_id, r.started, o.address, o.port, o.name, o.status, o.error, o.build, o.product, o.release_name, "
      "o.cu, o.record FROM observations o JOIN runs r ON r.id = o.run_id ORDER BY r.started, o.run_id, o.address, "
      "o.port, "
      "o.name");
  if (!rows) return std::unexpected(rows.error());
  std::vector<Observation> out;
  out.reserve(rows->size());
  for (const auto& r : *rows)
    out.push_back(Observation{str(r[0]), str(r[1]), str(r[2]), static_cast<std::uint16_t>(number(r[3])), str(r[4]),
                              str(r[5]), str(r[6]), str(r[7]), str(r[8]), str(r[9]), str(r[10]), str(r[11])});
  return out;
}

Result<std::vector<VerdictRow>> Store::verdicts(const std::string& run) const {
  const Value id[] = {run};
  auto rows = db_->query(
      "SELECT run_id, address, port, name, advisory, state, install, upgrade_to FROM verdicts WHERE run_id = ? ORDER "
      "BY address, port, name, advisory",
      id);
  if (!rows) return std::unexpected(rows.error());
  std::vector<VerdictRow> out;
  for (const auto& r : *rows)
    out.push_back(VerdictRow{str(r[0]), str(r[1]), static_cast<std::uint16_t>(number(r[2])), str(r[3]), str(r[4]),
                             str(r[5]), str(r[6]), str(r[7])});
  return out;
}

Result<std::vector<FindingRow>> Store::findings() const {
  auto rows = db_->query(
      "SELECT f.run_id, r.started, f.id, f.host, f.kind, f.rule, f.severity, f.subject, f.event_time, f.record FROM "
      "findings f JOIN runs r ON r.id = f.run_id ORDER BY r.started, f.run_id, f.id");
  if (!rows) return std::unexpected(rows.error());
  std::vector<FindingRow> out;
  for (const auto& r : *rows)
    out.push_back(FindingRow{str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]),
                             str(r[8]), str(r[9])});
  return out;
}

Result<std::vector<NoticeRow>> Store::notices() const {
  auto rows =
      db_->query("SELECT owner, address, port, name, state, sent FROM notices ORDER BY owner, address, port, name");
  if (!rows) return std::unexpected(rows.error());
  std::vector<NoticeRow> out;
  for (const auto& r : *rows)
    out.push_back(
        NoticeRow{str(r[0]), str(r[1]), static_cast<std::uint16_t>(number(r[2])), str(r[3]), str(r[4]), str(r[5])});
  return out;
}

Result<void> Store::record_notices(const std::vector<NoticeRow>& rows) {
  auto tx = Transaction::begin(*db_);
  if (!tx) return std::unexpected(tx.error());
  for (const auto& n : rows) {
    const Value row[] = {n.owner, n.address, std::to_string(n.port), n.name, n.state, n.sent};
    if (auto ok = db_->run("INSERT INTO notices (owner, address, port, name, state, sent) VALUES (?, ?, ?, ?, ?, ?) ON "
                           "CONFLICT (owner, address, port, name) DO UPDATE SET state = excluded.state, sent = "
                           "excluded.sent",
                           row);
        !ok)
      return ok;
  }
  return tx->commit();
}

}  // namespace exray::store
