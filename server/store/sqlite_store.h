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
#include "server/store/store.h"
#include "shared/sqlite.h"

namespace hromada::server {

class SqliteStore final : public Store {
 public:
  // Opens or creates the database at `path` and brings its schema up to
  // date. FAILED_PRECONDITION if the file cannot be opened or was written
  // by a newer hromada.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  // True if Open() created the database (it was new or empty).
  bool created() const { return created_; }

  absl::StatusOr<std::unique_ptr<WriteTxn>> BeginWrite() override;
  absl::Status AddDevice(const NewDevice& device) override;
  absl::StatusOr<Device> Enrol(absl::string_view code_hash, absl::string_view token_hash,
                               int64_t now_ms) override;
  absl::StatusOr<Device> FindDeviceByToken(absl::string_view token_hash) override;
  absl::Status RevokeDevice(absl::string_view device_id, absl::string_view reason) override;
  absl::Status RetireDevice(absl::string_view device_id) override;
  absl::Status MarkRetired(absl::string_view device_id, int64_t now_ms) override;
  absl::Status ReissueDevice(absl::string_view device_id, absl::string_view new_id,
                             absl::string_view code_hash, int64_t code_expires_ms) override;
  absl::Status ChangeDevice(absl::string_view device_id, const DeviceChange& change) override;
  absl::Status TouchDevice(absl::string_view device_id, int64_t now_ms, bool all_acked) override;
  absl::StatusOr<std::vector<v1::Rejection>> TakeRejections(absl::string_view device_id,
                                                            uint64_t from_seq,
                                                            uint64_t through_seq) override;
  absl::StatusOr<std::vector<Device>> ListDevices() override;
  absl::Status SetBundleKeys(absl::string_view device_id, absl::string_view keys) override;
  absl::Status SetBundleCursor(absl::string_view device_id, uint64_t cursor,
                               uint64_t first_seq) override;
  absl::StatusOr<std::string> GetOrPutSetting(absl::string_view name,
                                              absl::string_view value_if_absent) override;
  absl::Status AppendAudit(const AuditEntry& entry) override;
  absl::StatusOr<std::vector<AuditEntry>> ReadAudit(const AuditQuery& query) override;
  absl::StatusOr<uint64_t> ScanChanges(const ChangeQuery& query, const ChangeFn& fn) override;
  absl::StatusOr<std::optional<v1::Record>> ReadRecord(absl::string_view kind,
                                                       absl::string_view id) override;
  absl::StatusOr<std::vector<v1::Record>> ListRecords(absl::string_view kind) override;
  absl::Status ScanStates(const std::vector<std::string>& kinds, const StateFn& fn) override;

 private:
  class Txn;
  class Reader;
  SqliteStore(std::string path, std::unique_ptr<sql::Db> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}

  // A reader connection from the pool, returned when the Reader dies.
  absl::StatusOr<Reader> AcquireReader();
  // In one write transaction: NOT_FOUND unless the device exists, then
  // `check` (if any) on it, then runs `sql_text` bound by `bind`.
  using DeviceCheck = std::function<absl::Status(const Device&)>;
  absl::Status UpdateDevice(absl::string_view device_id, const DeviceCheck& check,
                            absl::string_view sql_text,
                            const std::function<void(sql::Stmt*)>& bind);

  const std::string path_;
  bool created_ = false;
  absl::Mutex write_mu_;
  std::unique_ptr<sql::Db> writer_ ABSL_GUARDED_BY(write_mu_);
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<sql::Db>> readers_ ABSL_GUARDED_BY(pool_mu_);
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_SQLITE_STORE_H_
