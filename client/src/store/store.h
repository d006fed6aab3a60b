// The field client's local store: one SQLite file per device profile, the
// face the rest of the client uses. It owns the connection, the profile's
// data key, the HLC and one mutex, and runs its parts, each over its own
// tables and with its own contract, inside transactions it begins and
// commits (as LevelDB's DBImpl runs its VersionSet, MemTable and
// TableCache):
//
//   RecordTable (record_table.h)  each record's current local state
//   Outbox      (outbox.h)        this device's changes until acked, the
//                                 sent log, refused changes, ack times
//   BlobTable   (blob_table.h)    attachment contents, in sealed chunks
//   Settings    (settings.h)      enrolment, cursor, counters, clock
//
// and the schema they share (migrate.h). The parts never begin or commit.
//
// Every mutation is one SQLite transaction:
//   - Apply: validate, stamp with the HLC, merge into the local state,
//     append to the outbox with the next device_seq, persist next_seq and
//     the HLC (invariant 1 of docs/design.md);
//   - ApplyPage: a pulled page's records and the new cursor (invariant 6);
//   - Ack: drop handled changes, moving refused ones aside (invariant 8),
//     and keep each as it was pushed in the sent log, which a server
//     restored from a backup gets again (AdoptEpoch, docs/protocol.md
//     "Restore from a backup").
//
// Durability: WAL with synchronous=FULL. A local edit is often the only copy
// of what a person typed in a village hall, on a device whose battery or
// mains may die at any instant; NORMAL would keep the file consistent but
// could lose the last edits on power loss. Pages and acks could tolerate
// NORMAL (they are re-fetched or re-pushed harmlessly), but one fsync per
// page or batch is cheap next to the network, so one rule keeps it simple.
//
// Encryption at rest: the personal payload of every row (record states,
// outbox and refused changes, the server's refusal messages, the token, the
// server URL and the last error) is sealed with the profile's data key
// (crypto.h), bound to the row's table, kind and id or device_seq. Ids,
// kinds, community ids and counters stay clear for the indexes, and an
// attendance's meeting and person ids for reports (schema 6). Temporary
// storage stays in memory (temp_store), so SQLite spills nothing in clear.
//
// Files: the database is created with mode 0600 (SQLite gives -wal and
// -shm the same mode).
//
// Thread-safe: every method takes the store's mutex; callbacks run under
// it and must not call back into the Store. After CloseAndRemove every
// method fails with FAILED_PRECONDITION.
#ifndef HROMADA_CLIENT_SRC_STORE_STORE_H_
#define HROMADA_CLIENT_SRC_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "client/src/crypto/crypto.h"
#include "client/src/store/blob_table.h"
#include "client/src/store/migrate.h"
#include "client/src/store/monotonic_clock.h"
#include "client/src/store/outbox.h"
#include "client/src/store/record_table.h"
#include "client/src/store/settings.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/sqlite.h"
#include "shared/sync/hlc.h"

namespace hromada::client {

class Store {
 public:
  // The versions are in migrate.h.
  static constexpr int kSchemaVersion = kProfileSchemaVersion;
  // Attachment contents are kept sealed in chunks of this many bytes.
  static constexpr size_t kBlobChunkBytes = BlobTable::kChunkBytes;

  // Opens or creates the profile at `path`, sealed with `data_key` (copied).
  // `clock` and `monotonic` (null: the system's) are borrowed and must
  // outlive the Store. FAILED_PRECONDITION if
  // the file cannot be opened or has a newer schema; ABORTED if it is
  // locked by another process; DATA_LOSS if its rows do not open with
  // `data_key`.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path, const Clock* clock,
                                                     const SecretKey& data_key,
                                                     const MonotonicClock* monotonic = nullptr);
  // The schema version of the file at `path` without changing it; 0 when
  // there is no file.
  static absl::StatusOr<int64_t> PeekVersion(const std::string& path);

  // Closes the database and removes its files (db, -wal, -shm). The data
  // key must be destroyed first (Client::Wipe): this only tidies up.
  absl::Status CloseAndRemove() ABSL_LOCKS_EXCLUDED(mu_);
  // Removes the files of the profile at `path` (not open). OK if absent.
  static absl::Status RemoveFiles(const std::string& path);

  Profile profile() const ABSL_LOCKS_EXCLUDED(mu_);
  HybridClock& hlc() { return hlc_; }

  absl::Status SaveEnrolment(const Profile& enrolment) ABSL_LOCKS_EXCLUDED(mu_);
  // A new role or communities; conflicts the device would no longer be
  // sent (it is no longer their community's coordinator) are dropped.
  absl::Status SaveScope(int role, const std::vector<std::string>& communities)
      ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status SaveClockOffset(int64_t offset_ms) ABSL_LOCKS_EXCLUDED(mu_);
  // SaveClockOffset for an offset a server's answer measured just now, in
  // one transaction with the wall and monotonic clocks read now, so that a
  // later sync can tell whether it still holds (OffsetHolds).
  absl::Status SaveMeasuredOffset(int64_t offset_ms) ABSL_LOCKS_EXCLUDED(mu_);
  // Whether the saved offset still dates this device's edits as a
  // handshake would measure it now (restamp.h, OffsetStillHolds).
  bool OffsetHolds() const ABSL_LOCKS_EXCLUDED(mu_);
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
  // Calls `fn(kind, id, sealed, refs)` for every live record of `kinds`, in
  // no order (views valid during the call): an attendance with its clear
  // refs (ReportRefs) and no state, any other record with its state still
  // sealed, which reports open on other threads with StateOpener(). Stops
  // at and returns the first error of `fn`.
  absl::Status ScanSealedStates(
      const std::vector<std::string>& kinds,
      const std::function<absl::Status(absl::string_view kind, absl::string_view id,
                                       absl::string_view sealed, absl::string_view refs)>& fn)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Opens a state that ScanSealedStates handed out into its serialized
  // v1::Record. Thread-safe and lock-free (it holds its own reference to
  // the key), so it may run while ScanSealedStates holds the store.
  // FAILED_PRECONDITION on a wiped profile.
  absl::StatusOr<std::function<absl::Status(absl::string_view kind, absl::string_view id,
                                            absl::string_view sealed, std::string* state)>>
  StateOpener() const ABSL_LOCKS_EXCLUDED(mu_);

  // The outbox (outbox.h).
  absl::StatusOr<OutboxStats> GetOutboxStats() ABSL_LOCKS_EXCLUDED(mu_);
  // Changes after `after_seq`, oldest first, while their framed size stays
  // within `max_bytes` (at least one change if any is left).
  absl::StatusOr<OutboxBatch> ReadOutbox(uint64_t after_seq, size_t max_bytes)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Drops outbox changes <= acked_through; those in `rejections` move to
  // the rejected table first. Returns how many changes left the outbox.
  // `sent`: the batch just pushed, as ReadOutbox gave it, if there is one
  // (saves opening its changes again; Outbox::Ack).
  absl::StatusOr<uint64_t> Ack(uint64_t acked_through, const std::vector<v1::Rejection>& rejections,
                               int64_t now_ms, const OutboxBatch* sent = nullptr)
      ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<uint64_t> RejectedCount() ABSL_LOCKS_EXCLUDED(mu_);
  // Records `epoch` as the server's. With `resend` (the
  // server's database was restored and may lack what it acknowledged), in
  // the same transaction: this device's changes in the sent log after
  // `acked_through` (the restored server's) go back into the outbox as they
  // were pushed, and the cursor goes to 0, so the next push sends them
  // again and the next pull brings everything anew. Returns how many
  // changes go again.
  absl::StatusOr<uint64_t> AdoptEpoch(absl::string_view epoch, bool resend, uint64_t acked_through)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Dates the outbox's changes in server time, now that `offset_ms` (server
  // minus device wall clock) is measured, and re-stamps in one transaction
  // those whose stamp is off by more than a second, with the local fields
  // they wrote, by the rule of restamp.h (docs/protocol.md "Clocks"); never
  // past `limit_ms`. Returns how many were re-stamped.
  absl::StatusOr<uint64_t> CorrectStamps(int64_t offset_ms, int64_t limit_ms)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Fixes the stamps of the outbox's changes through `device_seq`: they left
  // the device as they are (a bundle was written). Raises
  // stamps_kept_through, never lowers it.
  absl::Status KeepStamps(uint64_t device_seq) ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status ForEachRejected(const std::function<void(const StoredRejection&)>& fn)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Where (kind, id)'s changes stand. Reads the outbox and the refused
  // changes: meant for one record on screen, not for lists.
  absl::StatusOr<RecordSyncState> SyncStateOf(absl::string_view kind, absl::string_view id)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Attachment contents by SHA-256 (blob_table.h), sealed chunk by chunk.
  // What is held of `sha256`: {0, 0, false} if nothing.
  absl::StatusOr<BlobInfo> GetBlob(absl::string_view sha256) ABSL_LOCKS_EXCLUDED(mu_);
  // The contents held whole that the server is not known to hold, with
  // their sizes: one query on the clear `blobs` table, so a sync learns
  // that it has nothing to send without opening a record.
  absl::StatusOr<std::map<std::string, uint64_t>> BlobsToSend() ABSL_LOCKS_EXCLUDED(mu_);
  // Appends `data` at `offset` (== what is held, on a chunk boundary) to
  // the content of `size` bytes, in one transaction. FAILED_PRECONDITION
  // for another offset. Whole contents are not checked here: the caller
  // checks the digest (BlobDigest) and drops a bad one (DropBlob).
  absl::Status AppendBlob(absl::string_view sha256, uint64_t size, uint64_t offset,
                          absl::string_view data) ABSL_LOCKS_EXCLUDED(mu_);
  // The chunk holding byte `offset`, from `offset` to the chunk's end.
  // NOT_FOUND if it is not held.
  absl::StatusOr<std::string> ReadBlob(absl::string_view sha256, uint64_t offset)
      ABSL_LOCKS_EXCLUDED(mu_);
  // The SHA-256 (hex) of the bytes held, chunk by chunk.
  absl::StatusOr<std::string> BlobDigest(absl::string_view sha256) ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status MarkBlobSent(absl::string_view sha256) ABSL_LOCKS_EXCLUDED(mu_);
  // Forgets that the server holds any content (its database was restored
  // from a backup): the next round asks again, and sends what it lacks.
  absl::Status ForgetBlobsSent() ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status DropBlob(absl::string_view sha256) ABSL_LOCKS_EXCLUDED(mu_);

  // Merges a pulled page's records (serialized canonical states) and saves
  // its next_cursor, in one transaction. Observes every
  // record clock in the HLC. DATA_LOSS for a record that does not parse.
  absl::Status ApplyPage(const std::vector<absl::string_view>& records, uint64_t next_cursor)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  Store(std::string path, std::unique_ptr<sql::Db> db, std::unique_ptr<RowCipher> cipher,
        const Clock* clock, const MonotonicClock* monotonic, Profile profile, uint64_t hlc_last);

  // FAILED_PRECONDITION once closed (CloseAndRemove).
  absl::Status CheckOpen() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Begins the one transaction of a step; rolled back unless committed.
  absl::StatusOr<sql::Transaction> Begin() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status SaveHlc() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // A local edit made into a change, applied by the apply rule to the
  // record table and appended to the outbox as `seq` (edits.cc).
  absl::Status ApplyOne(v1::Record change, uint64_t seq) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // After the server refused changes: each refused record's local state
  // becomes the server's, merged with this device's changes still in the
  // outbox.
  absl::Status UndoRefused(const std::vector<v1::Rejection>& rejections, uint64_t acked_through)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Re-stamps outbox change `seq` to `to`, with the local fields it wrote.
  absl::Status MoveChange(uint64_t seq, uint64_t to) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  const Clock* const clock_;
  const MonotonicClock* const monotonic_;
  mutable absl::Mutex mu_;
  std::unique_ptr<sql::Db> db_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const RowCipher> cipher_ ABSL_GUARDED_BY(mu_);  // shared with StateOpener()
  // The parts, over db_ and cipher_; null once closed.
  std::unique_ptr<RecordTable> records_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<Outbox> outbox_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<BlobTable> blobs_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<Settings> settings_ ABSL_GUARDED_BY(mu_);
  Profile profile_ ABSL_GUARDED_BY(mu_);
  HybridClock hlc_;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_STORE_H_
