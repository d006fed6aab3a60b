// Per-record sync state: "did it arrive?" (synced at a time, waiting, or
// refused and why). The ack time of each record is noted when its changes
// leave the outbox; waiting and refused changes are read where they are
// kept (the outbox and the rejected table), sealed, so they are opened one
// by one: fine for the one record a person looks at.
#include <set>

#include "client/src/store/store.h"

namespace hromada::client {
namespace {

absl::Status ParseChange(absl::string_view plain, v1::Record* change) {
  if (!change->ParseFromArray(plain.data(), static_cast<int>(plain.size()))) {
    return absl::DataLossError("a change in the local outbox is corrupt");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Store::RecordAcks(uint64_t acked_through, const std::vector<v1::Rejection>& rejections,
                               int64_t now_ms) {
  std::set<uint64_t> refused;
  for (const v1::Rejection& r : rejections) refused.insert(r.device_seq());
  absl::StatusOr<std::unique_ptr<sql::Stmt>> acked = db_->PrepareOnce(
      "SELECT device_seq, change FROM outbox WHERE device_seq <= ? "
      "ORDER BY device_seq");
  if (!acked.ok()) return acked.status();
  (*acked)->Bind(1, static_cast<int64_t>(acked_through));
  v1::Record change;
  for (;;) {
    absl::StatusOr<bool> row = (*acked)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    const uint64_t seq = static_cast<uint64_t>((*acked)->Int(0));
    if (refused.count(seq) > 0) continue;
    if (absl::Status s = cipher_->Open((*acked)->Blob(1), ChangeAd(seq), &plain_); !s.ok()) {
      return s;
    }
    if (absl::Status s = ParseChange(plain_, &change); !s.ok()) return s;
    absl::StatusOr<sql::Stmt*> note = db_->Prepare(
        "INSERT OR REPLACE INTO record_sync (kind, id, acked_ms, acked_seq) "
        "VALUES (?, ?, ?, ?)");
    if (!note.ok()) return note.status();
    absl::Status s = (*note)
                         ->BindText(1, change.kind())
                         .BindBlob(2, change.id())
                         .Bind(3, now_ms)
                         .Bind(4, static_cast<int64_t>(seq))
                         .Run();
    if (!s.ok()) return s;
  }
}

absl::StatusOr<RecordSyncState> Store::SyncStateOf(absl::string_view kind, absl::string_view id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  RecordSyncState state;
  absl::StatusOr<sql::Stmt*> acked =
      db_->Prepare("SELECT acked_ms, acked_seq FROM record_sync WHERE kind = ? AND id = ?");
  if (!acked.ok()) return acked.status();
  (*acked)->BindText(1, kind).BindBlob(2, id);
  absl::StatusOr<bool> row = (*acked)->Step();
  if (!row.ok()) return row.status();
  uint64_t acked_seq = 0;
  if (*row) {
    state.acked_ms = (*acked)->Int(0);
    acked_seq = static_cast<uint64_t>((*acked)->Int(1));
  }
  (*acked)->Reset();
  v1::Record change;
  absl::StatusOr<std::unique_ptr<sql::Stmt>> pending =
      db_->PrepareOnce("SELECT device_seq, change FROM outbox");
  if (!pending.ok()) return pending.status();
  while ((row = (*pending)->Step()).ok() && *row) {
    const uint64_t seq = static_cast<uint64_t>((*pending)->Int(0));
    if (absl::Status s = cipher_->Open((*pending)->Blob(1), ChangeAd(seq), &plain_); !s.ok()) {
      return s;
    }
    if (absl::Status s = ParseChange(plain_, &change); !s.ok()) return s;
    state.waiting += change.kind() == kind && change.id() == id;
  }
  if (!row.ok()) return row.status();
  // The latest refusal of this record, unless a later change was acked.
  uint64_t refused_seq = 0;
  absl::StatusOr<std::unique_ptr<sql::Stmt>> refused = db_->PrepareOnce(
      "SELECT device_seq, change, message, at_ms FROM rejected ORDER BY device_seq");
  if (!refused.ok()) return refused.status();
  while ((row = (*refused)->Step()).ok() && *row) {
    const uint64_t seq = static_cast<uint64_t>((*refused)->Int(0));
    if (absl::Status s = cipher_->Open((*refused)->Blob(1), ChangeAd(seq), &plain_); !s.ok()) {
      return s;
    }
    if (absl::Status s = ParseChange(plain_, &change); !s.ok()) return s;
    if (change.kind() != kind || change.id() != id) continue;
    std::string message;
    if (absl::Status s = cipher_->Open((*refused)->Blob(2), RefusalAd(seq), &message); !s.ok()) {
      return s;
    }
    state.refusal = std::move(message);
    state.refused_ms = (*refused)->Int(3);
    refused_seq = seq;
  }
  if (!row.ok()) return row.status();
  // By order of the changes; by time only for acks noted before schema 6.
  state.refused = refused_seq > 0 &&
                  (acked_seq > 0 ? refused_seq > acked_seq : state.refused_ms >= state.acked_ms);
  return state;
}

}  // namespace hromada::client
