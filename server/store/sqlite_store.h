// The embedded default Store: one SQLite file in WAL mode with
// synchronous=FULL, so a commit is fsynced before Commit() returns.
// One writer connection (SQLite allows one writer) guarded by a mutex and a
// pool of reader connections, so pulls run beside a push.
#ifndef HROMADA_SERVER_STORE_SQLITE_STORE_H_
#define HROMADA_SERVER_STORE_SQLITE_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "server/store/blob_folder.h"
#include "server/store/store.h"
#include "shared/base/sqlite.h"

namespace hromada::server {

class SqliteStore final : public Store {
 public:
  // Opens or creates the database at `path` and brings its schema up to
  // date. FAILED_PRECONDITION if the file cannot be opened or was written
  // by a newer hromada.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  // True if Open() created the database (it was new or empty).
  bool created() const { return created_; }

  // Writes a complete copy of the database at `db_path` to `output` with
  // SQLite's online backup, from one snapshot, while servers may be
  // writing: written beside as `output`.tmp, fsynced, then renamed.
  // NOT_FOUND if there is no database, ALREADY_EXISTS if `output` exists
  // (a backup never overwrites), FAILED_PRECONDITION if a file cannot be
  // written.
  static absl::Status Backup(const std::string& db_path, const std::string& output);
  // Replaces the database at `db_path` with the backup `input`, under a
  // new epoch (server::Epoch), atomically: the copy is checked, brought to
  // this schema and fsynced beside the database, then renamed over it.
  // Run with the server stopped: FAILED_PRECONDITION while a server holds
  // the database (ServingLock), if `input` is not a hromada database, or
  // if it holds a table, index, trigger or view this schema does not make
  // (checked before anything in it runs); NOT_FOUND if `input` does not
  // exist. `before_install`, if given, runs on the restored copy before
  // it goes into place (the admin's revocations, revocation_journal.h);
  // its error stops the restore and leaves the database as it was.
  static absl::Status Restore(const std::string& input, const std::string& db_path,
                              const std::function<absl::Status(Store&)>& before_install = {});

  absl::StatusOr<std::unique_ptr<WriteTxn>> BeginWrite() override;
  absl::StatusOr<std::vector<Device>> ReadDevices(const DeviceKey& key) override;
  absl::StatusOr<std::optional<std::string>> ReadSetting(absl::string_view name) override;
  absl::StatusOr<std::vector<AuditEntry>> ReadAudit(const AuditQuery& query) override;
  absl::StatusOr<uint64_t> ScanChanges(const ChangeQuery& query, const ChangeFn& fn) override;
  absl::StatusOr<std::optional<v1::Record>> ReadRecord(absl::string_view kind,
                                                       absl::string_view id) override;
  absl::Status ScanStates(const std::vector<std::string>& kinds, const StateFn& fn) override;
  absl::StatusOr<StoreStats> Stats() override;
  // Attachment contents live in files beside the database (blob_folder.h).
  absl::StatusOr<BlobState> GetBlob(const BlobKey& key) override { return blobs_.Get(key); }
  absl::StatusOr<BlobState> AppendBlob(const BlobKey& key, uint64_t size, uint64_t offset,
                                       absl::string_view data) override {
    return blobs_.Append(key, size, offset, data);
  }
  absl::StatusOr<std::string> ReadBlob(absl::string_view whole, uint64_t offset,
                                       size_t max_bytes) override {
    return blobs_.Read(whole, offset, max_bytes);
  }
  absl::StatusOr<PartialBlobs> PartialBlobsOf(absl::string_view uploader) override {
    return blobs_.PartialsOf(uploader);
  }
  absl::Status DropPartialBlobs(absl::Time cutoff) override { return blobs_.DropPartials(cutoff); }

 private:
  class Txn;
  class Reader;
  SqliteStore(std::string path, std::unique_ptr<sql::Db> writer)
      : path_(std::move(path)), blobs_(path_), writer_(std::move(writer)) {}

  // OK if every object in `db`'s schema is one this schema makes (or
  // SQLite's own); FAILED_PRECONDITION naming the first other one.
  static absl::Status CheckOnlyOwnObjects(sql::Db* db, const std::string& path);

  // A reader connection from the pool, returned when the Reader dies.
  absl::StatusOr<Reader> AcquireReader();

  const std::string path_;
  BlobFolder blobs_;
  bool created_ = false;
  absl::Mutex write_mu_;
  std::unique_ptr<sql::Db> writer_ ABSL_GUARDED_BY(write_mu_);
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<sql::Db>> readers_ ABSL_GUARDED_BY(pool_mu_);
};

// An advisory lock on "<db>.lock" that `serve` holds while it serves the
// database at `db_path` and `admin restore` takes to replace it, so that a
// restore never pulls the file from under a running server. The kernel
// drops it when the process dies. Move-only.
class ServingLock {
 public:
  // FAILED_PRECONDITION if another process holds it or it cannot be made.
  static absl::StatusOr<ServingLock> Take(const std::string& db_path);
  ServingLock(ServingLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ServingLock& operator=(ServingLock&&) = delete;
  ~ServingLock();

 private:
  explicit ServingLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_SQLITE_STORE_H_
