// SPDX-License-Identifier: Apache-2.0
// A fresh, empty store for each test: a SQLite file in a scratch folder, or, when
// EXRAY_TEST_POSTGRES names a server (tests/store/with_postgres.sh sets it), a new database on
// that server, dropped afterwards. The same tests run against both.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "exray/store/store.hpp"
#include "scratch_dir.hpp"

namespace exray::store::testing {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* server = std::getenv("EXRAY_TEST_POSTGRES"); server != nullptr && *server != '\0') {
      admin_ = server;  // e.g. postgresql:///postgres?host=/tmp/exray-pg.X&port=55432&user=exray
      static std::atomic<int> counter{0};
      database_ = "exray_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
      ASSERT_TRUE(admin_exec("CREATE DATABASE " + database_));
      const auto query = admin_.find('?');
      url_ = "postgresql:///" + database_ + (query == std::string::npos ? "" : admin_.substr(query));
    } else {
      url_ = "sqlite:" + (scratch_ / "fleet.db").string();
    }
  }
  void TearDown() override {
    if (!database_.empty()) (void)admin_exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  }

  [[nodiscard]] bool postgres() const { return !database_.empty(); }

  // SQL run behind the store's back (to play a newer exray, or a vandal).
  [[nodiscard]] bool raw_exec(const std::string& sql) const {
    if (postgres()) return exec_on(url_, sql);
    sqlite3* db = nullptr;
    const auto path = url_.substr(7);
    bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
              sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
  }

  exray::testing::ScratchDir scratch_{"store"};
  std::string url_;

 private:
  [[nodiscard]] bool admin_exec(const std::string& sql) const { return exec_on(admin_, sql); }
  static bool exec_on(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    bool ok = PQstatus(conn) == CONNECTION_OK;
    if (ok) {
      PGresult* r = PQexec(conn, sql.c_str());
      ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
      if (!ok) ADD_FAILURE() << PQresultErrorMessage(r);
      PQclear(r);
    } else {
      ADD_FAILURE() << PQerrorMessage(conn);
    }
    PQfinish(conn);
    return ok;
  }

  std::string admin_, database_;
};

}  // namespace exray::store::testing
