// The Store backends as the typed server tests take them
// (store_conformance_test.cc, devices_test.cc): a backend joins by adding a
// class with Open() here and naming it in Backends.
#ifndef HROMADA_TESTS_SERVER_BACKENDS_H_
#define HROMADA_TESTS_SERVER_BACKENDS_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "server/store/pg_store.h"
#include "server/store/sqlite_store.h"
#include "tests/server/test_records.h"
#include "tests/support/pg_cluster.h"

namespace hromada::server::testing {

// Each backend: Open() opens the same empty-at-first store every time, so
// that a test can close and reopen it. kSeveralServers: whether several
// servers (stores) share one database, so that a test of concurrent calls
// opens a second store; one SQLite file has one server.
class SqliteBackend {
 public:
  static constexpr bool kSeveralServers = false;
  ~SqliteBackend() {
    for (const char* suffix : {"", "-wal", "-shm"}) unlink((path_ + suffix).c_str());
    std::filesystem::remove_all(path_ + ".attachments");
  }
  absl::StatusOr<std::unique_ptr<Store>> Open() { return SqliteStore::Open(path_); }

 private:
  const std::string path_ = TempDbPath("backend");
};

// A new database of the binary's private cluster for each test. Without
// PostgreSQL 15 installed, Open() fails and says what to install.
class PgBackend {
 public:
  static constexpr bool kSeveralServers = true;
  PgBackend() {
    absl::StatusOr<test::PgCluster*> cluster = test::SharedPgCluster();
    url_ = cluster.ok() ? (*cluster)->NewDatabase() : cluster.status();
  }
  absl::StatusOr<std::unique_ptr<Store>> Open() {
    if (!url_.ok()) return url_.status();
    return PgStore::Open(*url_);
  }

 private:
  absl::StatusOr<std::string> url_;
};

using Backends = ::testing::Types<SqliteBackend, PgBackend>;

}  // namespace hromada::server::testing

#endif  // HROMADA_TESTS_SERVER_BACKENDS_H_
