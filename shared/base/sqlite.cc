#include "shared/base/sqlite.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>

#include "absl/strings/str_cat.h"

namespace hromada::sql {

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = db_->Error(rc, "binding");
  return *this;
}

Stmt& Stmt::BindText(int index, absl::string_view value) {
  int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                             SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = db_->Error(rc, "binding");
  return *this;
}

Stmt& Stmt::BindBlob(int index, absl::string_view value) {
  // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
  static const char kEmpty = 0;
  int rc = sqlite3_bind_blob(stmt_, index, value.empty() ? &kEmpty : value.data(),
                             static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = db_->Error(rc, "binding");
  return *this;
}

Stmt& Stmt::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

absl::StatusOr<bool> Stmt::Step() {
  if (!bind_error_.ok()) return bind_error_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(rc, sqlite3_sql(stmt_));
}

absl::Status Stmt::Run() {
  absl::StatusOr<bool> row = Step();
  while (row.ok() && *row) row = Step();
  return row.status();
}

int64_t Stmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

absl::string_view Stmt::Text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? absl::string_view(p, sqlite3_column_bytes(stmt_, column)) : absl::string_view();
}

absl::string_view Stmt::Blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return p ? absl::string_view(p, sqlite3_column_bytes(stmt_, column)) : absl::string_view();
}

bool Stmt::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Db>> Db::Open(const std::string& path, bool read_only,
                                             int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return absl::FailedPreconditionError(absl::StrCat("cannot open database ", path, ": ", why));
  }
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 0);
  return std::unique_ptr<Db>(new Db(raw));
}

Db::~Db() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close(db_);
}

absl::Status Db::Exec(absl::string_view sql) {
  const std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? absl::OkStatus() : Error(rc, text);
}

absl::StatusOr<Stmt*> Db::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  absl::StatusOr<std::unique_ptr<Stmt>> stmt = PrepareOnce(sql);
  if (!stmt.ok()) return stmt.status();
  Stmt* raw = stmt->get();
  cache_.emplace(sql, *std::move(stmt));
  return raw;
}

absl::StatusOr<std::unique_ptr<Stmt>> Db::PrepareOnce(absl::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, sql);
  return std::unique_ptr<Stmt>(new Stmt(this, stmt));
}

void Db::ResetStatements() {
  for (auto& [sql, stmt] : cache_) stmt->Reset();
}

int64_t Db::Changes() const { return sqlite3_changes64(db_); }

absl::Status Db::Error(int rc, absl::string_view doing) const {
  std::string message = absl::StrCat("database error (", sqlite3_errmsg(db_), ") in: ", doing);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::AbortedError(message);
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(message);
    case SQLITE_CONSTRAINT:
      return absl::AlreadyExistsError(message);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

absl::StatusOr<Transaction> Transaction::Begin(Db* db, absl::string_view begin_sql) {
  absl::Status s = db->Exec(begin_sql);
  if (!s.ok()) return s;
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ == nullptr) return;
  db_->ResetStatements();
  db_->Exec("ROLLBACK").IgnoreError();
}

namespace {
std::atomic<uint64_t> commits{0};
std::atomic<uint64_t> commit_nanos{0};
}  // namespace

absl::Status Transaction::Commit() {
  db_->ResetStatements();
  const auto start = std::chrono::steady_clock::now();
  absl::Status s = db_->Exec("COMMIT");
  const auto spent = std::chrono::steady_clock::now() - start;
  commits.fetch_add(1, std::memory_order_relaxed);
  commit_nanos.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(spent).count(),
                         std::memory_order_relaxed);
  if (s.ok()) db_ = nullptr;
  return s;
}

CommitTotals TotalCommits() {
  return {commits.load(std::memory_order_relaxed), commit_nanos.load(std::memory_order_relaxed)};
}

}  // namespace hromada::sql
