// The server's storage seam. Everything above this interface speaks in
// records, devices and sequence numbers; the SQLite backend
// (sqlite_store.h) is the embedded default, PostgreSQL (pg_store.h) lets
// several servers share one database (server/store/open_store.h picks). No
// SQL leaves a backend. A backend only reads and writes: which records a
// device is sent and where its next pull starts (server/sync/pull_rules.h)
// and what a device may do in its life (server/admin/devices.h) are server
// rules, run above this seam inside its transactions.
// tests/server/store_conformance_test.cc is the contract every backend
// passes.
//
// Thread-safe: a Store may be used from many threads at once; a WriteTxn
// belongs to the thread that began it.
#ifndef HROMADA_SERVER_STORE_STORE_H_
#define HROMADA_SERVER_STORE_STORE_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"

namespace hromada::server {

struct Device {
  std::string id;  // 16 raw bytes
  std::string name;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::vector<std::string> communities;  // 16-byte community ids, sorted, distinct
  uint64_t acked_through = 0;            // highest device_seq handled
  int64_t created_ms = 0;
  int64_t enrolled_ms = 0;  // 0 until the enrolment code is redeemed
  int64_t last_seen_ms = 0;
  // The last handshake at which the server held every change the device
  // had made (its outbox was empty or fully acked); 0: never.
  int64_t last_sync_ms = 0;
  bool revoked = false;
  // When it was revoked; 0 for a device not revoked, or revoked before
  // the time was kept. Both backends keep it in the `revoked` column
  // (0: not revoked, 1: revoked at an unknown time, else this).
  int64_t revoked_ms = 0;
  std::string revoke_reason;
  bool retiring = false;   // retire asked: wiped once its outbox is acked
  int64_t retired_ms = 0;  // when the retirement's wipe order was given
  // Only hashes of its secrets are stored ("": none). A hash names at most
  // one device.
  std::string token_hash;
  std::string code_hash;  // its enrolment code, until spent
  int64_t code_expires_ms = 0;
  // Bundles (server/sync/bundle.h): the device's public bundle keys (a
  // serialized v1::BundleKeys, "" if it gave none at enrolment), and the
  // cursor and first outbox seq of its last imported bundle.
  std::string bundle_keys;
  uint64_t bundle_cursor = 0;
  uint64_t bundle_first_seq = 0;
  // Read only: the refusals kept for the device to collect, counted.
  uint64_t refusals = 0;
};

// The `revoked` column of a device's row, as both backends store it (see
// Device::revoked_ms), and the device's fields read back from it.
inline int64_t RevokedColumn(const Device& d) {
  return d.revoked ? std::max<int64_t>(d.revoked_ms, 1) : 0;
}
inline void ReadRevokedColumn(int64_t column, Device& d) {
  d.revoked = column != 0;
  d.revoked_ms = column > 1 ? column : 0;
}

// Which devices a device read selects: every one, or the one whose id,
// enrolment code hash or token hash is `value`.
struct DeviceKey {
  enum class By { kAll, kId, kCodeHash, kTokenHash };
  By by = By::kAll;
  std::string value;

  static DeviceKey All() { return {}; }
  static DeviceKey Id(absl::string_view id) { return {By::kId, std::string(id)}; }
  static DeviceKey CodeHash(absl::string_view hash) { return {By::kCodeHash, std::string(hash)}; }
  static DeviceKey TokenHash(absl::string_view hash) { return {By::kTokenHash, std::string(hash)}; }
};

// How WriteTxn::PutSetting treats a setting that already has a value.
enum class SettingPut { kReplace, kIfAbsent };

// One line of the audit log (server/admin/audit.h). It holds no personal data:
// events, device and record ids, kinds, status codes and field names.
struct AuditEntry {
  uint64_t seq = 0;  // given by the store, in append order
  int64_t at_ms = 0;
  std::string event;      // e.g. "enrol", "push_refused" (audit.h lists them)
  std::string device_id;  // 16 raw bytes, or "" when no device is known
  std::string detail;     // "key=value" pairs, no personal data
};

// Which audit entries to read: at or after `since_ms`, of one device if
// `device_id` is set, oldest first, at most `limit`.
struct AuditQuery {
  int64_t since_ms = 0;
  std::string device_id;
  size_t limit = 100000;
};

// The device that wrote every field and the tombstone of `record`, or ""
// when several did. A backend stores it beside the state (see ChangeRow).
absl::string_view SoleWriter(const v1::Record& record);

// Which stored records a change scan reads.
struct ChangeQuery {
  uint64_t after_seq = 0;  // rows with updated_seq > after_seq
  // Whose community_id is one of these ("" = shared), each named once
  // (ReadScopeOf makes them so).
  std::vector<std::string> communities;
  bool with_state = true;  // false leaves ChangeRow::state empty
};

// One stored record as a change scan reads it; the views are valid only
// during the callback that receives it.
struct ChangeRow {
  uint64_t updated_seq = 0;
  absl::string_view community_id;  // "" for a shared record
  absl::string_view sole_writer;   // SoleWriter() of the state, stored with it
  absl::string_view state;         // serialized canonical v1::Record, as stored
};

// What a store holds of one attachment's content.
struct BlobState {
  uint64_t held = 0;      // bytes received so far, from 0
  bool complete = false;  // whole, and its SHA-256 checked
};

// Where one upload of an attachment's content is kept (made by
// server/sync/attachments.cc, which decides who shares what): `whole`
// names the checked content that the records of one community share,
// `partial` the content still arriving from one device, which no other
// device's upload can touch. Names are 64 lower-case hex digits.
struct BlobKey {
  std::string sha256;    // what the whole content must hash to
  std::string whole;     // the complete content's name
  std::string partial;   // this uploader's partial content's name
  std::string uploader;  // the sending device's id in hex: quota and expiry
};

// The partial contents one device has left on the server.
struct PartialBlobs {
  uint64_t count = 0;
  uint64_t bytes = 0;
};

// How an AppendBlob call lands on what is held (BlobAppendPlan): the bytes
// of `data` still to write, from data[skip] on, or none.
struct BlobAppend {
  size_t skip = 0;
  bool write = false;
};

// The rule every backend's AppendBlob follows: a chunk wholly held is a
// repeat (nothing to write), one that starts past `held` leaves a gap
// (FAILED_PRECONDITION), one that goes past `size` is INVALID_ARGUMENT.
absl::StatusOr<BlobAppend> BlobAppendPlan(const BlobState& held, uint64_t size, uint64_t offset,
                                          absl::string_view data);

// One durable write transaction. Destroying it without Commit() rolls back.
// Write transactions that touch records are serialized, and so are those
// that touch one device: a check made on what a transaction read holds
// when it writes.
class WriteTxn {
 public:
  virtual ~WriteTxn() = default;

  // --- records (the apply rule's seam: server/store/store_replica.h) ---
  // The record's current state, or nullopt if it does not exist.
  virtual absl::StatusOr<std::optional<v1::Record>> GetRecord(absl::string_view kind,
                                                              absl::string_view id) = 0;
  // The record's community_id (read from its column, the state unopened),
  // or nullopt if it does not exist.
  virtual absl::StatusOr<std::optional<std::string>> GetRecordCommunity(absl::string_view kind,
                                                                        absl::string_view id) = 0;
  // Inserts or replaces the record's state (canonical form) and gives it
  // the next updated_seq. Its community_id is its read scope. A state is
  // kept as given, with fields (and protobuf fields) the server does not
  // know.
  virtual absl::Status PutRecord(const v1::Record& record) = 0;
  // Inserts the record (canonical form) with the next updated_seq if no
  // record (kind, id) exists yet; false, and nothing written, if one does.
  virtual absl::StatusOr<bool> InsertRecord(const v1::Record& record) = 0;

  // --- devices (their rules: server/admin/devices.h) ---
  // The device's row as of this transaction, or NOT_FOUND. From here to
  // the end of the transaction no other transaction writes that row.
  // Read a device before any record: that order is what keeps two
  // transactions from waiting on each other.
  virtual absl::StatusOr<Device> GetDevice(absl::string_view device_id) = 0;
  // Writes the device's row (every field but `refusals`) and its
  // communities, in place of the row of `device.id` if there is one.
  // ALREADY_EXISTS if another device has its code or token hash.
  virtual absl::Status PutDevice(const Device& device) = 0;
  // Forgets the device: its row, its communities and its refusals.
  virtual absl::Status DeleteDevice(absl::string_view device_id) = 0;

  // --- refusals (server/sync/rejections.h) ---
  // Keeps a refusal so that it can be answered again (replacing one kept
  // for the same device_seq).
  virtual absl::Status SaveRejection(absl::string_view device_id, const v1::Rejection& r) = 0;
  // The refusals of the device's changes in [from_seq, through_seq], in
  // device_seq order.
  virtual absl::StatusOr<std::vector<v1::Rejection>> Rejections(absl::string_view device_id,
                                                                uint64_t from_seq,
                                                                uint64_t through_seq) = 0;
  // Forgets the device's refusals of changes before `before_seq`.
  virtual absl::Status ForgetRejections(absl::string_view device_id, uint64_t before_seq) = 0;

  // --- the server's own settings and its audit log ---
  // Stores `value` as the setting `name` (replacing one it has, or, with
  // kIfAbsent, keeping it) and returns the value the setting then holds.
  // Two transactions that put one setting with kIfAbsent, on one server or
  // several, both return the value of the first to commit.
  virtual absl::StatusOr<std::string> PutSetting(absl::string_view name, absl::string_view value,
                                                 SettingPut mode) = 0;
  // Appends to the audit log with the transaction's other writes, so an
  // entry about them is kept exactly when they are; the store numbers it.
  virtual absl::Status AppendAudit(const AuditEntry& entry) = 0;

  // Makes every write durable (on disk, fsynced) before returning OK.
  virtual absl::Status Commit() = 0;
};

// What the server's metrics report of its database (metrics_gauges.h).
struct StoreStats {
  int64_t bytes = 0;          // the database's size on disk
  uint64_t commits = 0;       // transactions this process committed
  uint64_t commit_nanos = 0;  // time spent in their COMMIT
};

class Store {
 public:
  virtual ~Store() = default;

  // Every write goes through a WriteTxn. ABORTED if another writer holds
  // the store too long; retry the call.
  virtual absl::StatusOr<std::unique_ptr<WriteTxn>> BeginWrite() = 0;

  // --- reads, each of what was last committed ---
  // The devices `key` selects (none, or one unless it is All()), in order
  // of creation then name. A revoked device is found too (it is told to
  // wipe).
  virtual absl::StatusOr<std::vector<Device>> ReadDevices(const DeviceKey& key) = 0;
  // The server's setting `name`, or nullopt if it has none.
  virtual absl::StatusOr<std::optional<std::string>> ReadSetting(absl::string_view name) = 0;
  virtual absl::StatusOr<std::vector<AuditEntry>> ReadAudit(const AuditQuery& query) = 0;

  // Calls `fn` for each record matching `query`, in updated_seq order,
  // from one consistent snapshot, until `fn` returns false. Returns the
  // snapshot's high mark: at least every updated_seq in it (0 if empty),
  // and no record written later will ever get an updated_seq at or below
  // it. So unless `fn` stopped the scan, every record matching `query`
  // with updated_seq in (after_seq, high mark] was passed to `fn`.
  // Cost: the rows of the query's communities alone (an index on
  // community and updated_seq), read no further than `fn` goes; with no
  // communities, only the high mark (the handshake's estimate relies on
  // that being O(1)).
  using ChangeFn = std::function<bool(const ChangeRow& row)>;
  virtual absl::StatusOr<uint64_t> ScanChanges(const ChangeQuery& query, const ChangeFn& fn) = 0;
  // The state of (kind, id), live or deleted, as last committed; nullopt
  // if there is none.
  virtual absl::StatusOr<std::optional<v1::Record>> ReadRecord(absl::string_view kind,
                                                               absl::string_view id) = 0;
  // Calls `fn(kind, state)` for every record (live or tombstone) of the
  // given kinds, `state` a serialized canonical v1::Record valid only during
  // the call, in no particular order, from one consistent snapshot. Stops
  // at and returns the first error `fn` returns. One kind is read through
  // the (kind, id) index, so a small kind costs its own rows.
  using StateFn = std::function<absl::Status(absl::string_view kind, absl::string_view state)>;
  virtual absl::Status ScanStates(const std::vector<std::string>& kinds, const StateFn& fn) = 0;

  // The database's size and this process's commits, for the metrics.
  // SQLite: its files (with the WAL) and every Db's commits; PostgreSQL:
  // pg_database_size and the commits of every PgStore. Errors as a read's.
  virtual absl::StatusOr<StoreStats> Stats() = 0;

  // --- attachment contents ---
  // What is held of `key`: the whole content if it is complete, else what
  // has arrived of the uploader's partial one ({0, false} if nothing).
  virtual absl::StatusOr<BlobState> GetBlob(const BlobKey& key) = 0;
  // Appends `data` at `offset` to the uploader's partial content of `size`
  // bytes, by the rule of BlobAppendPlan, durably before returning;
  // concurrent appends of one content are serialized. The append that
  // makes it whole checks it against `key.sha256`: it becomes the whole
  // content if it matches, else the partial content is dropped and
  // DATA_LOSS returned. A complete whole content takes nothing more.
  // Returns what is held after the call.
  virtual absl::StatusOr<BlobState> AppendBlob(const BlobKey& key, uint64_t size, uint64_t offset,
                                               absl::string_view data) = 0;
  // Up to `max_bytes` of the complete content named `whole` from `offset`
  // (empty at or past its end). NOT_FOUND unless it is complete.
  virtual absl::StatusOr<std::string> ReadBlob(absl::string_view whole, uint64_t offset,
                                               size_t max_bytes) = 0;
  // The partial contents the device `uploader` (hex id) has left.
  virtual absl::StatusOr<PartialBlobs> PartialBlobsOf(absl::string_view uploader) = 0;
  // Drops every partial content last appended to before `cutoff`.
  virtual absl::Status DropPartialBlobs(absl::Time cutoff) = 0;
};

// --- built on the calls above, the same for every backend ---

// The one device `key` selects, or NOT_FOUND.
absl::StatusOr<Device> ReadDevice(Store& store, const DeviceKey& key);

// Every live record of a kind, for admin listings (small kinds only).
absl::StatusOr<std::vector<v1::Record>> ListRecords(Store& store, absl::string_view kind);

// The server's setting `name`, stored as `value_if_absent` if it has none
// yet, so concurrent callers (on several servers too) get one value.
absl::StatusOr<std::string> GetOrPutSetting(Store& store, absl::string_view name,
                                            absl::string_view value_if_absent);

// The database's epoch: a random id (16 bytes) given the first time it is
// asked for and replaced when the database is restored from a backup. A
// device that sees it change knows the server may have forgotten changes it
// acknowledged and that its cursor means nothing here any more
// (docs/protocol.md, "Restore from a backup").
absl::StatusOr<std::string> Epoch(Store& store);
// Gives the database a new epoch and returns it: for a database restored
// from a backup (SqliteStore::Restore does it; after pg_restore, the
// admin runs `admin new-epoch`). Run it only while no server serves it.
absl::StatusOr<std::string> RenewEpoch(Store& store);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_STORE_STORE_H_
