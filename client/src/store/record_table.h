// The record table: the current local state of every record this device
// holds, one row per (kind, id), the state sealed for its row
// (crypto.h, RecordAd) and kind, id, community_id, a deleted flag and an
// attendance's report refs in clear for the indexes and reports.
//
// It is the apply rule's storage on the device (ReplicaTxn,
// shared/sync/apply.h): get, insert-if-absent and put, nothing more
// clever. It runs inside a transaction the Store owns and never begins or
// commits one itself, so each of its writes is all-or-nothing with the
// rest of the Store's step (an edit and its outbox entry, a pulled page
// and its cursor).
//
// Errors: SQLite's (sql::Db) and DATA_LOSS for a row that does not open
// with the profile's key or does not parse.
//
// Thread-compatible: the Store calls it under its mutex. The Db and
// RowCipher are borrowed and must outlive it.
#ifndef HROMADA_CLIENT_SRC_STORE_RECORD_TABLE_H_
#define HROMADA_CLIENT_SRC_STORE_RECORD_TABLE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/src/crypto/crypto.h"
#include "hromada/v1/record.pb.h"
#include "shared/base/sqlite.h"
#include "shared/sync/apply.h"
#include "shared/sync/scope.h"

namespace hromada::client {

class RecordTable final : public ReplicaTxn {
 public:
  RecordTable(sql::Db* db, const RowCipher* cipher) : db_(db), cipher_(cipher) {}
  RecordTable(const RecordTable&) = delete;
  RecordTable& operator=(const RecordTable&) = delete;

  // ReplicaTxn: the state of (kind, id), deleted or not (nullopt if
  // unknown); a write only if (kind, id) has no row (false then); a write
  // that replaces.
  absl::StatusOr<std::optional<v1::Record>> Get(absl::string_view kind,
                                                absl::string_view id) override;
  absl::StatusOr<bool> InsertIfAbsent(const v1::Record& state) override;
  absl::Status Put(const v1::Record& state) override;
  // Removes (kind, id)'s row; OK if there is none.
  absl::Status Delete(absl::string_view kind, absl::string_view id);

  // Merges `pulled`, the record the server sent as `bytes` (canonical),
  // into the local state: a record new here is stored as the bytes came
  // (one seal, no read); otherwise the two are merged
  // (shared/sync/merge.h) and written if that changed anything.
  absl::Status MergePulled(absl::string_view bytes, const v1::Record& pulled);

  // Calls `fn` for the live records of `kind` by id until it returns false.
  absl::Status ForEach(absl::string_view kind, const std::function<bool(const v1::Record&)>& fn);
  // Calls `fn(kind, id, sealed, refs)` for every live record of `kinds`, in
  // no order (views valid during the call): an attendance with clear refs
  // and no state, any other record with its state sealed. Stops at and
  // returns the first error of `fn`.
  absl::Status ScanSealed(
      const std::vector<std::string>& kinds,
      const std::function<absl::Status(absl::string_view kind, absl::string_view id,
                                       absl::string_view sealed, absl::string_view refs)>& fn);

  // Deletes the conflict records that `scope` does not read.
  absl::Status DropUnreadConflicts(const ReadScope& scope);

 private:
  // Writes `state` sealed, replacing or (replace false) only if absent;
  // true if a row was written.
  absl::StatusOr<bool> Write(const v1::Record& state, bool replace);
  absl::Status Open(absl::string_view sealed, absl::string_view kind, absl::string_view id,
                    v1::Record* state);

  sql::Db* const db_;
  const RowCipher* const cipher_;
  // Scratch, reused row after row on the hot paths (pull, reports).
  std::string plain_;
  std::string sealed_;
  std::string ad_;
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_RECORD_TABLE_H_
