// The outbox: local changes numbered by device_seq, waiting for the
// server's ack; and the changes it refused, kept aside (invariants 2, 8).
#include <map>
#include <utility>

#include "client/src/store/store.h"
#include "shared/sync/merge.h"
#include "shared/sync/wire/push_writer.h"

namespace hromada::client {

absl::StatusOr<OutboxStats> Store::GetOutboxStats() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(
      "SELECT count(*), coalesce(sum(length(change)), 0), coalesce(min(device_seq), 0) "
      "FROM outbox");
  // Sizes are of the changes as pushed, without the sealing's overhead.
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  const uint64_t count = static_cast<uint64_t>((*stmt)->Int(0));
  OutboxStats stats{count, static_cast<uint64_t>((*stmt)->Int(1)) - count * RowCipher::kOverhead,
                    static_cast<uint64_t>((*stmt)->Int(2))};
  (*stmt)->Reset();
  return stats;
}

absl::StatusOr<OutboxBatch> Store::ReadOutbox(uint64_t after_seq, size_t max_bytes) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare(
      "SELECT device_seq, change FROM outbox WHERE device_seq > ? ORDER BY device_seq");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->Bind(1, static_cast<int64_t>(after_seq));
  OutboxBatch batch;
  size_t framed = wire::PushHeadMaxSize();
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const uint64_t seq = static_cast<uint64_t>((*stmt)->Int(0));
    if (absl::Status s = cipher_->Open((*stmt)->Blob(1), ChangeAd(seq), &plain_); !s.ok()) {
      return s;
    }
    const absl::string_view change = plain_;
    if (batch.changes.empty()) {
      batch.first_seq = seq;
    } else if (seq != batch.first_seq + batch.changes.size() ||
               framed + wire::PushChangeSize(change.size()) > max_bytes) {
      break;  // a batch is contiguous; the gap (if any) starts the next one
    }
    framed += wire::PushChangeSize(change.size());
    batch.bytes += change.size();
    batch.changes.emplace_back(change);
  }
  (*stmt)->Reset();
  return batch;
}

absl::StatusOr<uint64_t> Store::Ack(uint64_t acked_through,
                                    const std::vector<v1::Rejection>& rejections, int64_t now_ms) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  for (const v1::Rejection& r : rejections) {
    if (r.device_seq() > acked_through) continue;
    absl::StatusOr<sql::Stmt*> move = db_->Prepare(
        "INSERT OR REPLACE INTO rejected (device_seq, change, code, field, message, at_ms) "
        "SELECT device_seq, change, ?, ?, ?, ? FROM outbox WHERE device_seq = ?");
    if (!move.ok()) return move.status();
    absl::Status s = (*move)
                         ->Bind(1, r.code())
                         .BindText(2, r.field())
                         .BindBlob(3, cipher_->Seal(r.message(), RefusalAd(r.device_seq())))
                         .Bind(4, now_ms)
                         .Bind(5, static_cast<int64_t>(r.device_seq()))
                         .Run();
    if (!s.ok()) return s;
  }
  if (absl::Status s = UndoRefused(rejections, acked_through); !s.ok()) return s;
  // Into the sent log, refused ones too: a restored server needs the run
  // of device_seqs unbroken.
  absl::StatusOr<sql::Stmt*> keep = db_->Prepare(
      "INSERT OR REPLACE INTO sent (device_seq, change) "
      "SELECT device_seq, change FROM outbox WHERE device_seq <= ?");
  if (!keep.ok()) return keep.status();
  if (absl::Status s = (*keep)->Bind(1, static_cast<int64_t>(acked_through)).Run(); !s.ok()) {
    return s;
  }
  if (absl::Status s = RecordAcks(acked_through, rejections, now_ms); !s.ok()) return s;
  absl::StatusOr<sql::Stmt*> drop = db_->Prepare("DELETE FROM outbox WHERE device_seq <= ?");
  if (!drop.ok()) return drop.status();
  if (absl::Status s = (*drop)->Bind(1, static_cast<int64_t>(acked_through)).Run(); !s.ok()) {
    return s;
  }
  const uint64_t dropped = static_cast<uint64_t>(db_->Changes());
  absl::StatusOr<sql::Stmt*> clocks =
      db_->Prepare("DELETE FROM outbox_clock WHERE device_seq <= ?");
  if (!clocks.ok()) return clocks.status();
  if (absl::Status s = (*clocks)->Bind(1, static_cast<int64_t>(acked_through)).Run(); !s.ok()) {
    return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  return dropped;
}

absl::Status Store::UndoRefused(const std::vector<v1::Rejection>& rejections,
                                uint64_t acked_through) {
  // (kind, id) → the server's state, or an empty record when it has none.
  std::map<std::pair<std::string, std::string>, v1::Record> undo;
  for (const v1::Rejection& r : rejections) {
    if (r.device_seq() > acked_through || !r.state_known() || r.kind().empty()) continue;
    v1::Record state;
    if (r.has_server_state() && r.server_state().kind() == r.kind() &&
        r.server_state().id() == r.id()) {
      state = r.server_state();
    }
    undo[{r.kind(), r.id()}] = std::move(state);
  }
  if (undo.empty()) return absl::OkStatus();
  // This device's later changes to those records stay: merge them back in.
  absl::StatusOr<std::unique_ptr<sql::Stmt>> pending = db_->PrepareOnce(
      "SELECT device_seq, change FROM outbox WHERE device_seq > ? ORDER BY device_seq");
  if (!pending.ok()) return pending.status();
  (*pending)->Bind(1, static_cast<int64_t>(acked_through));
  v1::Record change;
  for (;;) {
    absl::StatusOr<bool> row = (*pending)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const uint64_t seq = static_cast<uint64_t>((*pending)->Int(0));
    if (absl::Status s = cipher_->Open((*pending)->Blob(1), ChangeAd(seq), &plain_); !s.ok()) {
      return s;
    }
    if (!change.ParseFromString(plain_)) {
      return absl::DataLossError("a change in the local outbox is corrupt");
    }
    auto it = undo.find({change.kind(), change.id()});
    if (it == undo.end()) continue;
    StampChange(profile_.device_id, &change);
    Merge(change, &it->second);
  }
  for (const auto& [key, state] : undo) {
    if (!state.kind().empty()) {
      if (absl::Status s = WriteState(state); !s.ok()) return s;
      continue;
    }
    absl::StatusOr<sql::Stmt*> drop = db_->Prepare("DELETE FROM records WHERE kind = ? AND id = ?");
    if (!drop.ok()) return drop.status();
    if (absl::Status s = (*drop)->BindText(1, key.first).BindBlob(2, key.second).Run(); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Store::RejectedCount() {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Stmt*> stmt = db_->Prepare("SELECT count(*) FROM rejected");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  const uint64_t count = static_cast<uint64_t>((*stmt)->Int(0));
  (*stmt)->Reset();
  return count;
}

absl::Status Store::ForEachRejected(const std::function<void(const StoredRejection&)>& fn) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<std::unique_ptr<sql::Stmt>> stmt = db_->PrepareOnce(
      "SELECT device_seq, change, code, field, message, at_ms FROM rejected "
      "ORDER BY device_seq");
  if (!stmt.ok()) return stmt.status();
  for (;;) {
    absl::StatusOr<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    sql::Stmt& s = **stmt;
    StoredRejection r;
    r.device_seq = static_cast<uint64_t>(s.Int(0));
    if (absl::Status st = cipher_->Open(s.Blob(1), ChangeAd(r.device_seq), &plain_); !st.ok()) {
      return st;
    }
    if (!r.change.ParseFromString(plain_)) {
      return absl::DataLossError("a kept-aside change in the local profile is corrupt");
    }
    r.code = static_cast<uint32_t>(s.Int(2));
    r.field = std::string(s.Text(3));
    if (absl::Status st = cipher_->Open(s.Blob(4), RefusalAd(r.device_seq), &r.message); !st.ok()) {
      return st;
    }
    r.at_ms = s.Int(5);
    fn(r);
  }
}

}  // namespace hromada::client
