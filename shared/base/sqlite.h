// A thin RAII layer over the sqlite3 C API, for the server's SQLite store
// and the client's local store: a connection with a prepared-statement
// cache, statements that bind and read by position, and SQLite result
// codes turned into absl::Status by what the caller should do (BUSY ->
// ABORTED: retry the round; FULL -> RESOURCE_EXHAUSTED; the rest INTERNAL).
//
// Thread-compatible: one thread uses a Db (and its statements) at a time.
#ifndef HROMADA_SHARED_BASE_SQLITE_H_
#define HROMADA_SHARED_BASE_SQLITE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;
struct sqlite3_stmt;

namespace hromada::sql {

class Db;

// A prepared statement, reset and unbound each time Db::Prepare returns it.
class Stmt {
 public:
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Parameters are 1-based, as in SQLite. Text and blobs are copied.
  Stmt& Bind(int index, int64_t value);
  Stmt& BindText(int index, absl::string_view value);
  Stmt& BindBlob(int index, absl::string_view value);
  Stmt& BindNull(int index);

  // Advances: true with a row to read, false when done.
  absl::StatusOr<bool> Step();
  // Runs to completion, for statements that return no rows.
  absl::Status Run();

  // Columns are 0-based. Views stay valid until the next Step or Reset.
  int64_t Int(int column) const;
  absl::string_view Text(int column) const;
  absl::string_view Blob(int column) const;
  bool IsNull(int column) const;

  void Reset();

 private:
  friend class Db;
  Stmt(Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Db* db_;
  sqlite3_stmt* stmt_;
  absl::Status bind_error_;
};

class Db {
 public:
  // Opens (creating if needed) the file at `path`, with a busy timeout.
  // FAILED_PRECONDITION if it cannot be opened (a person must fix the path).
  static absl::StatusOr<std::unique_ptr<Db>> Open(const std::string& path, bool read_only = false,
                                                  int busy_timeout_ms = 5000);
  ~Db();

  // Runs one or more statements that return no rows.
  absl::Status Exec(absl::string_view sql);
  // A cached statement for `sql`, reset and ready to bind. Owned by the Db.
  absl::StatusOr<Stmt*> Prepare(const std::string& sql);
  // A one-off statement for SQL built at run time (not cached).
  absl::StatusOr<std::unique_ptr<Stmt>> PrepareOnce(absl::string_view sql);

  // Resets every cached statement, ending any read they hold open.
  void ResetStatements();

  int64_t Changes() const;
  // The status for SQLite result `rc`, naming what was being done.
  absl::Status Error(int rc, absl::string_view doing) const;
  sqlite3* raw() const { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, std::unique_ptr<Stmt>> cache_;
};

// Begins with `begin_sql` (e.g. "BEGIN IMMEDIATE"); rolls back on
// destruction unless Commit() succeeded. Commit and rollback reset the
// Db's cached statements first.
class Transaction {
 public:
  static absl::StatusOr<Transaction> Begin(Db* db, absl::string_view begin_sql = "BEGIN");
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  absl::Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;
};

// How many transactions every Db of this process has committed and the
// time spent in their COMMIT (where SQLite writes and syncs the journal),
// for the server's metrics. Thread-safe: kept in atomics.
struct CommitTotals {
  uint64_t commits = 0;
  uint64_t nanos = 0;
};
CommitTotals TotalCommits();

}  // namespace hromada::sql

#endif  // HROMADA_SHARED_BASE_SQLITE_H_
