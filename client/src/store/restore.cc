// After the server's database was restored from a backup: this device's
// changes it may lack go again, and the next pull starts from 0
// (docs/protocol.md, "Restore from a backup").
#include "client/src/store/store.h"

namespace hromada::client {

absl::StatusOr<uint64_t> Store::AdoptEpoch(absl::string_view epoch, bool resend,
                                           uint64_t acked_through) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  if (absl::Status s = PutSetting("epoch", epoch); !s.ok()) return s;
  uint64_t moved = 0;
  uint64_t resent_through = profile_.stamps_kept_through;
  if (resend) {
    // As pushed, sealed under the same device_seq: the bytes move as they
    // are. A change still in the outbox was never acked: it stays.
    absl::StatusOr<sql::Stmt*> back = db_->Prepare(
        "INSERT OR IGNORE INTO outbox (device_seq, change) "
        "SELECT device_seq, change FROM sent WHERE device_seq > ?");
    if (!back.ok()) return back.status();
    if (absl::Status s = (*back)->Bind(1, static_cast<int64_t>(acked_through)).Run(); !s.ok()) {
      return s;
    }
    moved = static_cast<uint64_t>(db_->Changes());
    absl::StatusOr<sql::Stmt*> top =
        db_->Prepare("SELECT coalesce(max(device_seq), 0) FROM sent WHERE device_seq > ?");
    if (!top.ok()) return top.status();
    (*top)->Bind(1, static_cast<int64_t>(acked_through));
    absl::StatusOr<bool> row = (*top)->Step();
    if (!row.ok()) return row.status();
    resent_through = std::max(resent_through, static_cast<uint64_t>((*top)->Int(0)));
    (*top)->Reset();
    absl::StatusOr<sql::Stmt*> drop = db_->Prepare("DELETE FROM sent WHERE device_seq > ?");
    if (!drop.ok()) return drop.status();
    if (absl::Status s = (*drop)->Bind(1, static_cast<int64_t>(acked_through)).Run(); !s.ok()) {
      return s;
    }
    if (absl::Status s = PutSetting("resent_through", static_cast<int64_t>(resent_through));
        !s.ok()) {
      return s;
    }
    if (absl::Status s = PutSetting("cursor", 0); !s.ok()) return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.epoch = std::string(epoch);
  profile_.stamps_kept_through = resent_through;
  if (resend) profile_.cursor = 0;
  return moved;
}

}  // namespace hromada::client
