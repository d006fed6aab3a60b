// Re-stamping changes that a clock running ahead stamped (see store.h).
#include <vector>

#include "client/src/store.h"
#include "shared/hlc.h"
#include "shared/merge.h"

namespace hromada::client {
namespace {

// Moves the fields (and tombstone) that `device` wrote at `from` to `to`.
void MoveStamp(const std::string& device, uint64_t from, uint64_t to, v1::Record* state) {
  for (v1::Field& f : *state->mutable_fields()) {
    const uint64_t hlc = f.hlc() != 0 ? f.hlc() : state->hlc();
    const std::string& by = f.hlc() != 0 ? f.device_id() : state->device_id();
    if (hlc == from && by == device) {
      f.set_hlc(to);
      f.set_device_id(device);
    }
  }
  if (state->deleted_hlc() == from && state->deleted_device_id() == device) {
    state->set_deleted_hlc(to);
  }
  Canonicalize(state);
}

}  // namespace

absl::StatusOr<uint64_t> Store::RestampAhead(int64_t limit_ms) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  if (HlcMillis(hlc_.last()) <= limit_ms) return 0;
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  std::vector<std::pair<int64_t, v1::Record>> ahead;
  absl::StatusOr<sql::Stmt*> read =
      db_->Prepare("SELECT device_seq, change FROM outbox ORDER BY device_seq");
  if (!read.ok()) return read.status();
  absl::StatusOr<bool> row;
  while ((row = (*read)->Step()).ok() && *row) {
    v1::Record change;
    const int64_t seq = (*read)->Int(0);
    if (absl::Status s = cipher_->Open((*read)->Blob(1), ChangeAd(seq), &plain_); !s.ok()) {
      return s;
    }
    if (!change.ParseFromString(plain_)) {
      return absl::DataLossError("a change in the local outbox is corrupt");
    }
    if (HlcMillis(change.hlc()) > limit_ms) ahead.emplace_back(seq, std::move(change));
  }
  if (!row.ok()) return row.status();
  (*read)->Reset();
  hlc_.Rewind();
  for (auto& [seq, change] : ahead) {
    const uint64_t from = change.hlc(), to = hlc_.Now();
    change.set_hlc(to);
    if (change.deleted_hlc() != 0) change.set_deleted_hlc(to);
    absl::StatusOr<sql::Stmt*> put = db_->Prepare("UPDATE outbox SET change=? WHERE device_seq=?");
    if (!put.ok()) return put.status();
    if (absl::Status s = (*put)
                             ->BindBlob(1, cipher_->Seal(change.SerializeAsString(),
                                                         ChangeAd(static_cast<uint64_t>(seq))))
                             .Bind(2, seq)
                             .Run();
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::optional<v1::Record>> state = Load(change.kind(), change.id());
    if (!state.ok()) return state.status();
    if (!state->has_value()) continue;
    MoveStamp(profile_.device_id, from, to, &**state);
    if (absl::Status s = WriteState(**state); !s.ok()) return s;
  }
  if (absl::Status s = PutSetting("hlc_last", static_cast<int64_t>(hlc_.last())); !s.ok()) {
    return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  return ahead.size();
}

}  // namespace hromada::client
