// Backup and restore of the SQLite store (sqlite_store.h), and the lock
// that keeps a restore away from a running server. Both write a new file
// beside its destination, fsync it and rename it into place, so a crash
// leaves either the old file or the whole new one.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/store/sqlite_store.h"

namespace hromada::server {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

absl::Status CannotWrite(const std::string& path) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
}

// Removes `path` and SQLite's files beside it; absent files are fine.
void RemoveWithSidecars(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    ::unlink(absl::StrCat(path, suffix).c_str());
  }
}

// Creates `path` empty and private (0600): a backup holds personal data.
absl::Status CreatePrivate(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return CannotWrite(path);
  ::close(fd);
  return absl::OkStatus();
}

// fsyncs the file at `path` (a directory too, for a rename in it).
absl::Status SyncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CannotWrite(path);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? absl::OkStatus() : CannotWrite(path);
}

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Renames `from` over `to` durably: `from` is fsynced before, the
// directory after.
absl::Status Install(const std::string& from, const std::string& to) {
  if (absl::Status s = SyncPath(from); !s.ok()) return s;
  if (::rename(from.c_str(), to.c_str()) != 0) return CannotWrite(to);
  return SyncPath(DirOf(to));
}

// Copies every page of `from` into `to` (both open) from one read
// snapshot of `from`: with WAL, writers go on meanwhile.
absl::Status CopyPages(sql::Db* from, sql::Db* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to->raw(), "main", from->raw(), "main");
  if (backup == nullptr) return to->Error(sqlite3_errcode(to->raw()), "starting the backup");
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 50; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);  // all pages in one step: one snapshot
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);
  }
  const int finish = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return to->Error(rc, "copying the database");
  if (finish != SQLITE_OK) return to->Error(finish, "finishing the copy");
  return absl::OkStatus();
}

// OK if `db` is a whole hromada server database; FAILED_PRECONDITION, in
// words, if not.
absl::Status CheckHromadaDb(sql::Db* db, const std::string& path) {
  absl::StatusOr<std::unique_ptr<sql::Stmt>> q = db->PrepareOnce("PRAGMA quick_check");
  absl::StatusOr<bool> row = q.ok() ? (*q)->Step() : q.status();
  if (!row.ok() || !*row || (*q)->Text(0) != "ok") {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is damaged or not an SQLite database"));
  }
  absl::StatusOr<std::unique_ptr<sql::Stmt>> t = db->PrepareOnce(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('records', "
      "'devices')");
  if (!t.ok()) return t.status();
  row = (*t)->Step();
  if (!row.ok()) return row.status();
  if ((*t)->Int(0) != 2) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is not a hromada-server database"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SqliteStore::Backup(const std::string& db_path, const std::string& output) {
  if (!Exists(db_path)) {
    return absl::NotFoundError(absl::StrCat("there is no database at ", db_path));
  }
  if (Exists(output)) {
    return absl::AlreadyExistsError(
        absl::StrCat(output, " exists; a backup never overwrites a file, choose a new name"));
  }
  const std::string tmp = absl::StrCat(output, ".tmp");
  RemoveWithSidecars(tmp);
  if (absl::Status s = CreatePrivate(tmp); !s.ok()) return s;
  absl::Status status = [&]() -> absl::Status {
    absl::StatusOr<std::unique_ptr<sql::Db>> from = sql::Db::Open(db_path);
    if (!from.ok()) return from.status();
    absl::StatusOr<std::unique_ptr<sql::Db>> to = sql::Db::Open(tmp);
    if (!to.ok()) return to.status();
    if (absl::Status s = CheckHromadaDb(from->get(), db_path); !s.ok()) return s;
    return CopyPages(from->get(), to->get());
  }();
  if (status.ok()) status = Install(tmp, output);
  if (!status.ok()) RemoveWithSidecars(tmp);
  return status;
}

absl::Status SqliteStore::Restore(const std::string& input, const std::string& db_path,
                                  const std::function<absl::Status(Store&)>& before_install) {
  if (!Exists(input)) return absl::NotFoundError(absl::StrCat("there is no backup at ", input));
  absl::StatusOr<ServingLock> lock = ServingLock::Take(db_path);
  if (!lock.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(lock.status().message(), "; stop the server before a restore"));
  }
  const std::string tmp = absl::StrCat(db_path, ".restoring");
  RemoveWithSidecars(tmp);
  if (absl::Status s = CreatePrivate(tmp); !s.ok()) return s;
  absl::Status status = [&]() -> absl::Status {
    {
      absl::StatusOr<std::unique_ptr<sql::Db>> from = sql::Db::Open(input);
      if (!from.ok()) return from.status();
      if (absl::Status s = CheckHromadaDb(from->get(), input); !s.ok()) return s;
      // Before the copy is opened as a store: a trigger would run then.
      if (absl::Status s = CheckOnlyOwnObjects(from->get(), input); !s.ok()) return s;
      absl::StatusOr<std::unique_ptr<sql::Db>> to = sql::Db::Open(tmp);
      if (!to.ok()) return to.status();
      if (absl::Status s = CopyPages(from->get(), to->get()); !s.ok()) return s;
    }
    // Opening brings an older backup's schema up to date; the new epoch
    // tells every device that this server may lack what it acknowledged.
    // Closing the store checkpoints its WAL into the file.
    absl::StatusOr<std::unique_ptr<SqliteStore>> store = Open(tmp);
    if (!store.ok()) return store.status();
    if (before_install) {
      if (absl::Status s = before_install(**store); !s.ok()) return s;
    }
    return RenewEpoch(**store).status();
  }();
  if (!status.ok()) {
    RemoveWithSidecars(tmp);
    return status;
  }
  // The old database's WAL goes into its file first, so that no WAL of it
  // is left to be read against the restored file.
  if (Exists(db_path)) {
    absl::StatusOr<std::unique_ptr<sql::Db>> old = sql::Db::Open(db_path);
    if (old.ok()) (void)(*old)->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  if (absl::Status s = Install(tmp, db_path); !s.ok()) return s;
  ::unlink(absl::StrCat(db_path, "-wal").c_str());
  ::unlink(absl::StrCat(db_path, "-shm").c_str());
  return absl::OkStatus();
}

absl::StatusOr<ServingLock> ServingLock::Take(const std::string& db_path) {
  const std::string path = absl::StrCat(db_path, ".lock");
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return CannotWrite(path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(absl::StrCat("another process holds ", path,
                                                      " (a hromada-server serving ", db_path,
                                                      ", or a restore of it)"));
  }
  return ServingLock(fd);
}

ServingLock::~ServingLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace hromada::server
