// The outbox: this device's changes, numbered by device_seq (1, 2, 3 …),
// from the edit that made them until the server handled them, and what is
// kept of them after (docs/design.md invariants 2, 8):
//
//   outbox        each change as it is pushed, sealed (ChangeAd), until acked,
//                 with its stamp (hlc) in clear to date it without opening it
//   outbox_clock  the device's clocks when it was made, to date it in
//                 server time at the sync (docs/protocol.md, "Clocks")
//   sent          each acked change as it was pushed, refused ones too, so
//                 that a server restored from a backup gets it again
//   rejected      the changes the server refused, with its reasons, kept
//                 aside for a person to see
//   record_sync   per record, when (and by which device_seq) its last
//                 change was acked: "did it arrive?"
//
// Changes leave the outbox only by Ack, contiguous from the oldest, so a
// push never leaves a gap the server would wait on.
//
// It runs inside a transaction the Store owns (an edit and its outbox
// entry, an ack) and never begins or commits one itself. Errors: SQLite's
// (sql::Db), and DATA_LOSS for a change that does not open with the
// profile's key or does not parse.
//
// Thread-compatible: the Store calls it under its mutex. The Db and
// RowCipher are borrowed and must outlive it.
#ifndef HROMADA_CLIENT_SRC_STORE_OUTBOX_H_
#define HROMADA_CLIENT_SRC_STORE_OUTBOX_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/crypto/crypto.h"
#include "client/src/store/monotonic_clock.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/sqlite.h"

namespace hromada::client {

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

// The device's clocks when a change was made.
struct ChangeClocks {
  int64_t wall_ms = 0;    // the wall clock, uncorrected
  int64_t offset_ms = 0;  // the offset the HLC added to it then
  MonotonicReading mono;
};

// A change still in the outbox as its clear columns tell it: its stamp,
// and its clocks (none for a change made before schema 3).
struct OutboxStamp {
  uint64_t seq = 0;
  uint64_t hlc = 0;  // the change's hlc (and deleted_hlc, for a delete)
  std::optional<ChangeClocks> clocks;
};

// Whether a record's changes have reached the server.
struct RecordSyncState {
  uint64_t waiting = 0;  // its changes still in the outbox
  int64_t acked_ms = 0;  // when its last change was acked (device clock); 0: never
  bool refused = false;  // its latest handled change was refused:
  std::string refusal;   // the server's reason
  int64_t refused_ms = 0;
};

struct StoredRejection {
  uint64_t device_seq = 0;
  v1::Record change;
  uint32_t code = 0;
  std::string field;
  std::string message;
  int64_t at_ms = 0;
};

class Outbox {
 public:
  Outbox(sql::Db* db, const RowCipher* cipher) : db_(db), cipher_(cipher) {}
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Appends `change` (serialized as it will be pushed, stamped `hlc`) as
  // `seq`, with the clocks it was made at. The caller numbers changes:
  // `seq` is the next.
  absl::Status Append(uint64_t seq, absl::string_view change, uint64_t hlc,
                      const ChangeClocks& clocks);

  absl::StatusOr<OutboxStats> Stats();
  // Changes after `after_seq`, oldest first, while they are contiguous and
  // their framed size stays within `max_bytes` (at least one change if any
  // is left).
  absl::StatusOr<OutboxBatch> Read(uint64_t after_seq, size_t max_bytes);
  // Calls `fn(seq, change)` for each change after `after_seq`, oldest
  // first; stops at and returns its first error.
  absl::Status ForEachAfter(
      uint64_t after_seq,
      const std::function<absl::Status(uint64_t seq, const v1::Record& change)>& fn);

  // Calls `fn` with each change's stamp and clocks, oldest first, from
  // the clear columns: nothing is opened, nothing is held beyond one row.
  // Stops at and returns fn's first error.
  absl::Status ForEachStamp(const std::function<absl::Status(const OutboxStamp&)>& fn);
  // Whether a change in the outbox is stamped `hlc` (an index lookup).
  absl::StatusOr<bool> StampTaken(uint64_t hlc);
  // Opens change `seq` into *change. NOT_FOUND if it is not in the outbox.
  absl::Status Get(uint64_t seq, v1::Record* change);
  // Replaces change `seq` (re-stamped) with `change`, and its stamp.
  absl::Status Rewrite(uint64_t seq, const v1::Record& change);
  // Fills the clear stamp of every change that has none (a profile from
  // before schema 9; changes back from the sent log), opening each once,
  // 10,000 at a time.
  absl::Status FillStamps();

  // The server handled every change through `acked_through`: those in
  // `rejections` move aside (rejected), all of them go to the sent log,
  // the others' records are noted acked at `now_ms`, and they leave the
  // outbox. Returns how many left it. `sent`, when given, is the batch
  // just pushed, as Read gave it: its changes' records are read from it
  // in place rather than opened again (any other acked change is opened).
  absl::StatusOr<uint64_t> Ack(uint64_t acked_through, const std::vector<v1::Rejection>& rejections,
                               int64_t now_ms, const OutboxBatch* sent = nullptr);

  // After a restore of the server: the sent log's changes after
  // `acked_through` go back into the outbox as they were pushed (a change
  // still there stays as it is) and leave the sent log.
  struct Resent {
    uint64_t moved = 0;    // changes back in the outbox
    uint64_t through = 0;  // the highest device_seq sent again; 0: none
  };
  absl::StatusOr<Resent> Resend(uint64_t acked_through);

  absl::StatusOr<uint64_t> RejectedCount();
  absl::Status ForEachRejected(const std::function<void(const StoredRejection&)>& fn);

  // Where (kind, id)'s changes stand. Opens every change in the outbox and
  // the rejected table: meant for one record on screen, not for lists.
  absl::StatusOr<RecordSyncState> SyncStateOf(absl::string_view kind, absl::string_view id);

 private:
  // Opens sealed change `seq` into *change.
  absl::Status OpenChange(absl::string_view sealed, uint64_t seq, v1::Record* change);
  // Notes `now_ms` as the ack time of the record of every change through
  // `acked_through` that is not in `rejections`.
  absl::Status NoteAcks(uint64_t acked_through, const std::vector<v1::Rejection>& rejections,
                        int64_t now_ms, const OutboxBatch* sent);
  absl::Status MoveRefused(uint64_t acked_through, const std::vector<v1::Rejection>& rejections,
                           int64_t now_ms);
  // Runs `sql`, which takes one device_seq parameter, with `seq`.
  absl::Status RunWithSeq(const std::string& sql, uint64_t seq);

  sql::Db* const db_;
  const RowCipher* const cipher_;
  std::string plain_;   // scratch
  std::string sealed_;  // scratch
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_OUTBOX_H_
