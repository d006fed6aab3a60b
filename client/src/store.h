// The field client's local store: one SQLite file per device profile
// holding the records' current local states, the outbox of changes not yet
// acknowledged by the server, changes the server refused (kept aside), and
// the profile's settings (enrolment, cursor, next device_seq, clock).
//
// Every mutation is one SQLite transaction:
//   - Apply: validate, stamp with the HLC, merge into the local state,
//     append to the outbox with the next device_seq, persist next_seq and
//     the HLC (invariant 1);
//   - ApplyPage: a pulled page's records and the new cursor (invariant 6);
//   - Ack: drop handled changes, moving refused ones aside (invariant 8).
//
// Durability: WAL with synchronous=FULL. A local edit is often the only copy
// of what a person typed in a village hall, on a device whose battery or
// mains may die at any instant; NORMAL would keep the file consistent but
// could lose the last edits on power loss. Pages and acks could tolerate
// NORMAL (they are re-fetched or re-pushed harmlessly), but one fsync per
// page or batch is cheap next to the network, so one rule keeps it simple.
//
// Thread-safe: every method takes the store's mutex; callbacks run under
// it and must not call back into the Store.
#ifndef HROMADA_CLIENT_SRC_STORE_H_
#define HROMADA_CLIENT_SRC_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"
#include "shared/clock.h"
#include "shared/hlc.h"
#include "shared/sqlite.h"

namespace hromada::client {

// The profile's settings, as cached in memory.
struct Profile {
  std::string server_url;
  std::string device_id;  // 16 bytes once enrolled, else empty
  std::string token;
  int role = 0;                          // v1::Role
  std::vector<std::string> communities;  // 16-byte ids
  uint64_t cursor = 0;
  uint64_t next_seq = 1;
  int64_t clock_offset_ms = 0;
  int64_t last_sync_ms = 0;  // 0: never
  std::string last_error;
  bool tls_insecure = false;  // TlsSettings, kept from enrolment
  std::string tls_ca_pem;
  std::string tls_pin;
  bool enrolled() const { return !device_id.empty(); }
};

struct OutboxStats {
  uint64_t count = 0;
  uint64_t bytes = 0;
  uint64_t first_seq = 0;  // the oldest change's device_seq; 0 when empty
};

// Consecutive outbox changes, serialized in change form.
struct OutboxBatch {
  uint64_t first_seq = 0;
  std::vector<std::string> changes;
  uint64_t bytes = 0;  // sum of the changes' sizes
};

struct StoredRejection {
  uint64_t device_seq = 0;
  v1::Record change;
  uint32_t code = 0;
  std::string field;
  std::string message;
  int64_t at_ms = 0;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens or creates the profile at `path`. `clock` is borrowed and must
  // outlive the Store. FAILED_PRECONDITION if the file cannot be opened or
  // has a newer schema; ABORTED if it is locked by another process.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path, const Clock* clock);

  Profile profile() const ABSL_LOCKS_EXCLUDED(mu_);
  HybridClock& hlc() { return hlc_; }

  absl::Status SaveEnrolment(const Profile& enrolment) ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status SaveScope(int role, const std::vector<std::string>& communities)
      ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status SaveClockOffset(int64_t offset_ms) ABSL_LOCKS_EXCLUDED(mu_);
  // last_sync_ms 0 keeps the previous value.
  absl::Status SaveSyncOutcome(int64_t last_sync_ms, const std::string& last_error)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Applies local changes in one transaction: all or none. Each `changes[i]`
  // names kind, id and (for a new record) community_id, and the fields to
  // set (a field without value clears it); deleted_hlc != 0 asks for a
  // delete. Stamps them, so their hlc is ignored. Errors: INVALID_ARGUMENT
  // (validation), NOT_FOUND (delete of no live record), PERMISSION_DENIED
  // (outside this device's role or communities), storage errors.
  absl::Status Apply(std::vector<v1::Record> changes) ABSL_LOCKS_EXCLUDED(mu_);

  // The local state of (kind, id), deleted or not; nullopt if unknown.
  absl::StatusOr<std::optional<v1::Record>> Get(absl::string_view kind, absl::string_view id)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Live records of `kind` by id; `fn` returns false to stop.
  absl::Status ForEach(absl::string_view kind, const std::function<bool(const v1::Record&)>& fn)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Calls `fn(kind, state)` for every live record of `kinds`, in no order;
  // `state` is the serialized v1::Record, valid during the call. Stops at
  // and returns the first error of `fn`.
  absl::Status ScanStates(
      const std::vector<std::string>& kinds,
      const std::function<absl::Status(absl::string_view, absl::string_view)>& fn)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Outbox (outbox.cc).
  absl::StatusOr<OutboxStats> GetOutboxStats() ABSL_LOCKS_EXCLUDED(mu_);
  // Changes after `after_seq`, oldest first, while their framed size stays
  // within `max_bytes` (at least one change if any is left).
  absl::StatusOr<OutboxBatch> ReadOutbox(uint64_t after_seq, size_t max_bytes)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Drops outbox changes <= acked_through; those in `rejections` move to
  // the rejected table first. Returns how many changes left the outbox.
  absl::StatusOr<uint64_t> Ack(uint64_t acked_through, const std::vector<v1::Rejection>& rejections,
                               int64_t now_ms) ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<uint64_t> RejectedCount() ABSL_LOCKS_EXCLUDED(mu_);
  // When the local clock ran ahead of `limit_ms` (the server's time plus
  // what it tolerates), rewinds the HLC to the corrected clock and, in one
  // transaction, re-stamps the outbox changes stamped past the limit and
  // the local fields they wrote (restamp.cc). Those stamps never left the
  // device, so nothing else has seen them; without this, every change after
  // a clock jump would be refused. Returns how many changes were re-stamped.
  absl::StatusOr<uint64_t> RestampAhead(int64_t limit_ms) ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status ForEachRejected(const std::function<void(const StoredRejection&)>& fn)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Merges a pulled page's records (serialized canonical states) and saves
  // its next_cursor, in one transaction (pull_apply.cc). Observes every
  // record clock in the HLC. DATA_LOSS for a record that does not parse.
  absl::Status ApplyPage(const std::vector<absl::string_view>& records, uint64_t next_cursor)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  Store(std::unique_ptr<sql::Db> db, const Clock* clock, Profile profile, uint64_t hlc_last);

  class Replica;  // the apply rule's view of this store (edits.cc)

  absl::Status ApplyOne(v1::Record change, uint64_t seq) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Writes `state` unless (kind, id) has a state already; false then.
  absl::StatusOr<bool> InsertState(const v1::Record& state) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // After the server refused changes: each refused record's local state
  // becomes the server's, merged with this device's changes still in the
  // outbox (outbox.cc).
  absl::Status UndoRefused(const std::vector<v1::Rejection>& rejections, uint64_t acked_through)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<v1::Record>> Load(absl::string_view kind, absl::string_view id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status WriteState(const v1::Record& state) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status MergePulled(absl::string_view bytes, v1::Record* scratch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status PutSetting(absl::string_view key, absl::string_view value)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status PutSetting(absl::string_view key, int64_t value) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::unique_ptr<sql::Db> db_ ABSL_GUARDED_BY(mu_);
  Profile profile_ ABSL_GUARDED_BY(mu_);
  HybridClock hlc_;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_H_
