// The PostgreSQL Store: several hromada-server processes share one
// database (docs/deploy.md). Each call takes a connection from a pool
// (created on demand, kept while idle), so pulls run beside pushes.
//
// Pull order with concurrent writers (docs/protocol.md, "Pull order"):
// a write transaction locks the one row of `seq_counter` before it reads
// or writes its first record, takes its updated_seq values from it and
// commits while still holding the lock. Transactions that touch records,
// across all processes, are therefore serialized like SQLite's, and a
// sequence number becomes visible only together with every number below
// it. A change scan reads the counter and the rows in one REPEATABLE READ
// snapshot, so its high mark never passes a number whose transaction has
// not committed. Commits are durable (synchronous_commit is PostgreSQL's
// default, on).
//
// A device's row is locked when a transaction reads it (WriteTxn::GetDevice,
// SELECT … FOR UPDATE), so a lifecycle step or a handshake waits only for
// transactions on the same device, never for other devices' pushes. A push
// reads its device before any record, so no two transactions each hold
// the lock the other waits for.
//
// Thread-safe, as store.h says.
#ifndef HROMADA_SERVER_STORE_PG_STORE_H_
#define HROMADA_SERVER_STORE_PG_STORE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/pg_conn.h"
#include "server/store/store.h"

namespace hromada::server {

// True if `db` names a PostgreSQL database (postgresql:// or postgres://).
bool IsPostgresUrl(absl::string_view db);

// OK if the schema of the database at `url` holds only the tables this
// server makes and no view, rule or trigger (which would run inside the
// server's statements): the check `admin new-epoch` makes of a database
// put back with pg_restore. FAILED_PRECONDITION naming the first other
// object; UNAVAILABLE if the database cannot be reached.
absl::Status CheckPgSchemaIsOwn(const std::string& url);

// The query of a change scan, $1 the cursor and $2… the communities: one
// range of the (community_id, updated_seq) index per community, merged in
// updated_seq order, so a pull reads only its communities' rows. Public
// for the test that checks its plan.
std::string PgChangeSql(bool with_state, size_t communities);
// Run in a change scan's transaction before PgChangeSql: the rows must come
// from an index in updated_seq order, never sorted. Left alone, the
// planner reads a large share (1% of ten million rows: a bitmap scan) or
// a database that is mostly the share (a sequential scan) whole and sorts
// it, for every page of a pull: each page then costs the whole rest of
// the share. An index scan reads only as far as the page goes.
inline constexpr char kPgChangeScanSetup[] = "SET LOCAL enable_sort = off";

class PgStore final : public Store {
 public:
  // Connects to `url` and brings the schema up to date (one process at a
  // time: an advisory lock guards it). UNAVAILABLE if the database cannot
  // be reached, FAILED_PRECONDITION if a newer hromada wrote its schema.
  // With `max_connections` above 0 the pool never holds more connections
  // than that: a call waits for a free one, and gives up with UNAVAILABLE
  // (retry) after kConnectionWait. Each call holds one connection at a
  // time, so any cap of 1 or more makes progress.
  static absl::StatusOr<std::unique_ptr<PgStore>> Open(const std::string& url,
                                                       int max_connections = 0);
  static constexpr absl::Duration kConnectionWait = absl::Seconds(20);
  // True if Open() created the schema (the database was empty).
  bool created() const { return created_; }
  // Connections open now, leased or idle (for tests of the cap).
  int OpenConnections();

  absl::StatusOr<std::unique_ptr<WriteTxn>> BeginWrite() override;
  absl::StatusOr<std::vector<Device>> ReadDevices(const DeviceKey& key) override;
  absl::StatusOr<std::optional<std::string>> ReadSetting(absl::string_view name) override;
  absl::StatusOr<std::vector<AuditEntry>> ReadAudit(const AuditQuery& query) override;
  absl::StatusOr<uint64_t> ScanChanges(const ChangeQuery& query, const ChangeFn& fn) override;
  absl::StatusOr<std::optional<v1::Record>> ReadRecord(absl::string_view kind,
                                                       absl::string_view id) override;
  absl::Status ScanStates(const std::vector<std::string>& kinds, const StateFn& fn) override;
  absl::StatusOr<StoreStats> Stats() override;
  // Attachment contents in tables, chunk by chunk (pg_blobs.cc).
  absl::StatusOr<BlobState> GetBlob(const BlobKey& key) override;
  absl::StatusOr<BlobState> AppendBlob(const BlobKey& key, uint64_t size, uint64_t offset,
                                       absl::string_view data) override;
  absl::StatusOr<std::string> ReadBlob(absl::string_view whole, uint64_t offset,
                                       size_t max_bytes) override;
  absl::StatusOr<PartialBlobs> PartialBlobsOf(absl::string_view uploader) override;
  absl::Status DropPartialBlobs(absl::Time cutoff) override;

  // A pooled connection; back to the pool when destroyed, unless it broke
  // or was left inside a transaction that could not be rolled back.
  class Lease {
   public:
    Lease(PgStore* store, std::unique_ptr<pg::Conn> conn);
    Lease(Lease&&) = default;
    ~Lease();
    pg::Conn* operator->() { return conn_.get(); }
    pg::Conn& operator*() { return *conn_; }

   private:
    PgStore* store_;
    std::unique_ptr<pg::Conn> conn_;
  };

 private:
  class Txn;
  PgStore(std::string url, int max_connections)
      : url_(std::move(url)), max_connections_(max_connections) {}
  bool CanLease() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool_mu_) {
    return !idle_.empty() || max_connections_ <= 0 || open_ < max_connections_;
  }
  // A leased connection is gone (broken, or not kept idle).
  void Dropped();

  absl::StatusOr<Lease> Acquire();

  const std::string url_;
  const int max_connections_;
  bool created_ = false;
  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<pg::Conn>> idle_ ABSL_GUARDED_BY(pool_mu_);
  int open_ ABSL_GUARDED_BY(pool_mu_) = 0;  // leased and idle
};

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_PG_STORE_H_
