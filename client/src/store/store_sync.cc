// The steps of a sync round that the Store commits, each one transaction:
// a pulled page and its cursor (invariants 5, 6 of docs/design.md), an ack (invariants 2,
// 8), a new epoch of the server's database (docs/protocol.md, "Restore
// from a backup"), and the re-dating of unsent changes in server time
// (restamp.h).
#include <algorithm>
#include <map>
#include <utility>

#include "client/src/store/restamp.h"
#include "client/src/store/store.h"
#include "shared/base/uuid.h"
#include "shared/sync/merge.h"

namespace hromada::client {

absl::Status Store::ApplyPage(const std::vector<absl::string_view>& records, uint64_t next_cursor) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  v1::Record pulled;  // reused: its fields' storage outlives each parse
  for (absl::string_view bytes : records) {
    if (!pulled.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
        pulled.kind().empty() || pulled.id().size() != Uuid::kSize) {
      return absl::DataLossError("the server sent a record that cannot be read");
    }
    hlc_.Observe(std::max(pulled.hlc(), pulled.deleted_hlc()));
    for (const v1::Field& f : pulled.fields()) hlc_.Observe(f.hlc());
    if (absl::Status s = records_->MergePulled(bytes, pulled); !s.ok()) return s;
  }
  if (absl::Status s = settings_->Put("cursor", static_cast<int64_t>(next_cursor)); !s.ok()) {
    return s;
  }
  if (absl::Status s = SaveHlc(); !s.ok()) return s;
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.cursor = next_cursor;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Store::Ack(uint64_t acked_through,
                                    const std::vector<v1::Rejection>& rejections, int64_t now_ms,
                                    const OutboxBatch* sent) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<uint64_t> dropped = outbox_->Ack(acked_through, rejections, now_ms, sent);
  if (!dropped.ok()) return dropped.status();
  if (absl::Status s = UndoRefused(rejections, acked_through); !s.ok()) return s;
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
  const std::string& device_id = profile_.device_id;
  absl::Status merged =
      outbox_->ForEachAfter(acked_through, [&](uint64_t, const v1::Record& pending) {
        auto it = undo.find({pending.kind(), pending.id()});
        if (it == undo.end()) return absl::OkStatus();
        v1::Record change = pending;
        StampChange(device_id, &change);
        Merge(change, &it->second);
        return absl::OkStatus();
      });
  if (!merged.ok()) return merged;
  for (const auto& [key, state] : undo) {
    absl::Status s =
        state.kind().empty() ? records_->Delete(key.first, key.second) : records_->Put(state);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Store::AdoptEpoch(absl::string_view epoch, bool resend,
                                           uint64_t acked_through) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  if (absl::Status s = settings_->Put("epoch", epoch); !s.ok()) return s;
  Outbox::Resent resent;
  uint64_t kept_through = profile_.stamps_kept_through;
  if (resend) {
    absl::StatusOr<Outbox::Resent> again = outbox_->Resend(acked_through);
    if (!again.ok()) return again.status();
    resent = *again;
    kept_through = std::max(kept_through, resent.through);
    if (absl::Status s = settings_->Put("resent_through", static_cast<int64_t>(kept_through));
        !s.ok()) {
      return s;
    }
    if (absl::Status s = settings_->Put("cursor", 0); !s.ok()) return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.epoch = std::string(epoch);
  profile_.stamps_kept_through = kept_through;
  if (resend) profile_.cursor = 0;
  return resent.moved;
}

// Planned from the outbox's clear columns as they stream by; only the
// changes that move are opened, one at a time, after the plan (a new
// stamp is checked against the stamps as they were). What is held is 16
// bytes per change that moves, none for the others.
absl::StatusOr<uint64_t> Store::CorrectStamps(int64_t offset_ms, int64_t limit_ms) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  Outbox& outbox = *outbox_;
  RestampPlanner planner(profile_.stamps_kept_through, offset_ms, limit_ms, clock_->NowMillis(),
                         monotonic_->Now(), [&outbox](uint64_t s) { return outbox.StampTaken(s); });
  std::vector<std::pair<uint64_t, uint64_t>> moves;  // device_seq, new stamp
  absl::Status planned = outbox.ForEachStamp([&](const OutboxStamp& u) -> absl::Status {
    absl::StatusOr<uint64_t> to = planner.Next(u);
    if (!to.ok()) return to.status();
    if (*to != u.hlc) moves.emplace_back(u.seq, *to);
    return absl::OkStatus();
  });
  if (!planned.ok()) return planned;
  if (moves.empty()) return 0;
  // The clock ran ahead when those stamps were made: forget them.
  if (planner.back()) hlc_.Rewind();
  for (const auto& [seq, to] : moves) {
    if (absl::Status s = MoveChange(seq, to); !s.ok()) return s;
    hlc_.Observe(to);
  }
  if (absl::Status s = SaveHlc(); !s.ok()) return s;
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  return moves.size();
}

absl::Status Store::MoveChange(uint64_t seq, uint64_t to) {
  v1::Record change;
  if (absl::Status s = outbox_->Get(seq, &change); !s.ok()) return s;
  const uint64_t from = change.hlc();
  change.set_hlc(to);
  if (change.deleted_hlc() != 0) change.set_deleted_hlc(to);
  if (absl::Status s = outbox_->Rewrite(seq, change); !s.ok()) return s;
  absl::StatusOr<std::optional<v1::Record>> state = records_->Get(change.kind(), change.id());
  if (!state.ok()) return state.status();
  if (!state->has_value()) return absl::OkStatus();
  MoveStamp(profile_.device_id, from, to, &**state);
  return records_->Put(**state);
}

absl::Status Store::KeepStamps(uint64_t device_seq) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  if (device_seq <= profile_.stamps_kept_through) return absl::OkStatus();
  if (absl::Status s = settings_->Put("resent_through", static_cast<int64_t>(device_seq));
      !s.ok()) {
    return s;
  }
  profile_.stamps_kept_through = device_seq;
  return absl::OkStatus();
}

}  // namespace hromada::client
