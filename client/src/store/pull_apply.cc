// Applying a pulled page: each record state merged into the local one, and
// the new cursor, in one transaction (invariants 5, 6).
#include "client/src/store/store.h"
#include "shared/base/uuid.h"
#include "shared/sync/merge.h"

namespace hromada::client {

// The fast path is an insert of the bytes as they came (sealed: one AEAD
// per record) that does nothing when the record is already here; only then
// is the local state read and merged. A fresh device's bootstrap is all
// inserts.
absl::Status Store::MergePulled(absl::string_view bytes, v1::Record* record) {
  if (!record->ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      record->kind().empty() || record->id().size() != Uuid::kSize) {
    return absl::DataLossError("the server sent a record that cannot be read");
  }
  hlc_.Observe(std::max(record->hlc(), record->deleted_hlc()));
  for (const v1::Field& f : record->fields()) hlc_.Observe(f.hlc());
  RecordAd(record->kind(), record->id(), &ad_);
  cipher_->Seal(bytes, ad_, &sealed_);
  absl::StatusOr<sql::Stmt*> insert = db_->Prepare(
      "INSERT INTO records (kind, id, community_id, state, deleted, refs) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO NOTHING");
  if (!insert.ok()) return insert.status();
  BindRow(*record, sealed_, *insert);
  absl::Status s = (*insert)->Run();
  if (!s.ok() || db_->Changes() > 0) return s;
  absl::StatusOr<std::optional<v1::Record>> local = Load(record->kind(), record->id());
  if (!local.ok()) return local.status();
  v1::Record merged = **std::move(local);
  if (!Merge(*record, &merged)) return absl::OkStatus();
  return WriteState(merged);
}

absl::Status Store::ApplyPage(const std::vector<absl::string_view>& records, uint64_t next_cursor) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  v1::Record scratch;  // reused: its fields' storage outlives each parse
  for (absl::string_view bytes : records) {
    if (absl::Status s = MergePulled(bytes, &scratch); !s.ok()) return s;
  }
  if (absl::Status s = PutSetting("cursor", static_cast<int64_t>(next_cursor)); !s.ok()) {
    return s;
  }
  if (absl::Status s = PutSetting("hlc_last", static_cast<int64_t>(hlc_.last())); !s.ok()) {
    return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.cursor = next_cursor;
  return absl::OkStatus();
}

}  // namespace hromada::client
