// Dating unsent changes in server time at the handshake (see store.h and
// docs/protocol.md, "Clocks").
#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include "client/src/store/store.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"

namespace hromada::client {
namespace {

// Wall and monotonic clocks that disagree by more than this about the time
// since an edit mean the wall clock was set (or jumped) in between.
constexpr int64_t kJumpMs = 2000;
// A stamp within this of its server time stays. The rule is for clocks that
// are wrong or jumped, not for the milliseconds an offset moves between two
// handshakes: correcting some stamps by a second and not others would
// reorder edits the clocks ordered right.
constexpr int64_t kSlackMs = 10000;

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

struct Unsent {
  int64_t seq = 0;
  v1::Record change;
  bool has_clock = false;
  int64_t wall_ms = 0;
  int64_t offset_ms = 0;
  int64_t mono_ms = 0;
  std::string boot_id;
};

// The server time of an edit, by the rule of docs/protocol.md.
int64_t EditTime(const Unsent& u, int64_t offset_ms, int64_t wall_now,
                 const MonotonicReading& mono_now) {
  if (!u.has_clock) return HlcMillis(u.change.hlc());
  const int64_t wall_gap = wall_now - u.wall_ms;
  const int64_t mono_gap = mono_now.ms - u.mono_ms;
  const bool same_boot = !u.boot_id.empty() && u.boot_id == mono_now.boot_id && mono_gap >= 0;
  if (same_boot && std::llabs(wall_gap - mono_gap) > kJumpMs) {
    return wall_now + offset_ms - mono_gap;  // the wall clock jumped since
  }
  return u.wall_ms + offset_ms;
}

}  // namespace

absl::Status Store::MoveChange(int64_t seq, v1::Record change, uint64_t to) {
  const uint64_t from = change.hlc();
  change.set_hlc(to);
  if (change.deleted_hlc() != 0) change.set_deleted_hlc(to);
  absl::StatusOr<sql::Stmt*> put = db_->Prepare("UPDATE outbox SET change=? WHERE device_seq=?");
  if (!put.ok()) return put.status();
  const std::string sealed =
      cipher_->Seal(change.SerializeAsString(), ChangeAd(static_cast<uint64_t>(seq)));
  if (absl::Status s = (*put)->BindBlob(1, sealed).Bind(2, seq).Run(); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<v1::Record>> state = Load(change.kind(), change.id());
  if (!state.ok()) return state.status();
  if (!state->has_value()) return absl::OkStatus();
  MoveStamp(profile_.device_id, from, to, &**state);
  return WriteState(**state);
}

absl::StatusOr<uint64_t> Store::CorrectStamps(int64_t offset_ms, int64_t limit_ms) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  const int64_t wall_now = clock_->NowMillis();
  const MonotonicReading mono_now = monotonic_->Now();
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  absl::StatusOr<std::unique_ptr<sql::Stmt>> read = db_->PrepareOnce(
      "SELECT o.device_seq, o.change, c.device_seq IS NOT NULL, c.wall_ms, c.mono_ms, c.boot_id, "
      "c.offset_ms "
      "FROM outbox o LEFT JOIN outbox_clock c USING (device_seq) ORDER BY o.device_seq");
  if (!read.ok()) return read.status();
  std::vector<Unsent> unsent;
  std::set<uint64_t> stamps;  // as they are: a new stamp must not take one
  for (;;) {
    absl::StatusOr<bool> row = (*read)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    sql::Stmt& s = **read;
    Unsent u;
    u.seq = s.Int(0);
    if (absl::Status open = cipher_->Open(s.Blob(1), ChangeAd(u.seq), &plain_); !open.ok()) {
      return open;
    }
    if (!u.change.ParseFromString(plain_)) {
      return absl::DataLossError("a change in the local outbox is corrupt");
    }
    u.has_clock = s.Int(2) != 0;
    u.wall_ms = s.Int(3);
    u.mono_ms = s.Int(4);
    u.boot_id = std::string(s.Text(5));
    u.offset_ms = s.Int(6);
    stamps.insert(u.change.hlc());
    unsent.push_back(std::move(u));
  }
  read->reset();
  // In device_seq order, each stamp after the one before: the device made
  // them in that order.
  uint64_t before = 0;
  bool back = false;
  std::vector<std::pair<Unsent*, uint64_t>> moves;
  for (Unsent& u : unsent) {
    if (static_cast<uint64_t>(u.seq) <= profile_.stamps_kept_through) {
      // May be on the server as it is (sent again after a restore, or in a
      // bundle): it keeps its stamp, and what follows stays after it.
      before = std::max(before, u.change.hlc());
      continue;
    }
    const int64_t at = std::min(EditTime(u, offset_ms, wall_now, mono_now), limit_ms);
    uint64_t to = u.change.hlc();
    // A stamp ahead of the clock that made it was pushed there by a stamp
    // the device had seen (the HLC's rule): it must stay after that one.
    const bool seen = u.has_clock && HlcMillis(to) > u.wall_ms + u.offset_ms + kSlackMs;
    if (seen) {
      to = std::max(to, HlcPack(at, 0));
    } else if (std::llabs(HlcMillis(to) - at) > kSlackMs) {
      to = HlcPack(at, 0);
    }
    if (HlcMillis(to) > limit_ms) to = HlcPack(limit_ms, 0);
    if (to <= before) to = before + 1;
    while (to != u.change.hlc() && stamps.count(to) > 0) ++to;
    if (to != u.change.hlc()) {
      back = back || to < u.change.hlc();
      moves.emplace_back(&u, to);
    }
    before = to;
  }
  if (moves.empty()) return 0;
  // The clock ran ahead when those stamps were made: forget them.
  if (back) hlc_.Rewind();
  for (auto& [u, to] : moves) {
    if (absl::Status s = MoveChange(u->seq, u->change, to); !s.ok()) return s;
    hlc_.Observe(to);
  }
  if (absl::Status s = PutSetting("hlc_last", static_cast<int64_t>(hlc_.last())); !s.ok()) {
    return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  return moves.size();
}

absl::Status Store::KeepStamps(uint64_t device_seq) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  if (device_seq <= profile_.stamps_kept_through) return absl::OkStatus();
  if (absl::Status s = PutSetting("resent_through", static_cast<int64_t>(device_seq)); !s.ok()) {
    return s;
  }
  profile_.stamps_kept_through = device_seq;
  return absl::OkStatus();
}

}  // namespace hromada::client
