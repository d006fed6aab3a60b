#include "client/src/store/restamp.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

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
// An offset older than this may be off by kSlackMs: a crystal off by
// 100 ppm drifts 4.3 s in 12 hours, and the wall clock another second
// within kJumpMs.
constexpr int64_t kOffsetLifetimeMs = 12 * 3600 * 1000;

// The server time of an edit, by the rule of docs/protocol.md.
int64_t EditTime(const OutboxStamp& u, int64_t offset_ms, int64_t wall_now,
                 const MonotonicReading& mono_now) {
  if (!u.clocks.has_value()) return HlcMillis(u.hlc);
  const ChangeClocks& c = *u.clocks;
  const int64_t wall_gap = wall_now - c.wall_ms;
  const int64_t mono_gap = mono_now.ms - c.mono.ms;
  const bool same_boot =
      !c.mono.boot_id.empty() && c.mono.boot_id == mono_now.boot_id && mono_gap >= 0;
  if (same_boot && std::llabs(wall_gap - mono_gap) > kJumpMs) {
    return wall_now + offset_ms - mono_gap;  // the wall clock jumped since
  }
  return c.wall_ms + offset_ms;
}

}  // namespace

bool OffsetStillHolds(const MonotonicReading& mono_then, int64_t wall_then,
                      const MonotonicReading& mono_now, int64_t wall_now) {
  if (mono_then.boot_id.empty() || mono_then.boot_id != mono_now.boot_id) return false;
  const int64_t mono_gap = mono_now.ms - mono_then.ms;
  if (mono_gap < 0 || mono_gap > kOffsetLifetimeMs) return false;
  return std::llabs((wall_now - wall_then) - mono_gap) <= kJumpMs;
}

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

RestampPlanner::RestampPlanner(uint64_t kept_through, int64_t offset_ms, int64_t limit_ms,
                               int64_t wall_now, MonotonicReading mono_now, TakenFn taken)
    : kept_through_(kept_through),
      offset_ms_(offset_ms),
      limit_ms_(limit_ms),
      wall_now_(wall_now),
      mono_now_(std::move(mono_now)),
      taken_(std::move(taken)) {}

absl::StatusOr<uint64_t> RestampPlanner::Next(const OutboxStamp& u) {
  if (u.seq <= kept_through_) {
    // May be on the server as it is (sent again after a restore, or in a
    // bundle): it keeps its stamp, and what follows stays after it.
    before_ = std::max(before_, u.hlc);
    return u.hlc;
  }
  const int64_t at = std::min(EditTime(u, offset_ms_, wall_now_, mono_now_), limit_ms_);
  uint64_t to = u.hlc;
  // A stamp ahead of the clock that made it was pushed there by a stamp
  // the device had seen (the HLC's rule): it must stay after that one.
  const bool seen =
      u.clocks.has_value() && HlcMillis(to) > u.clocks->wall_ms + u.clocks->offset_ms + kSlackMs;
  if (seen) {
    to = std::max(to, HlcPack(at, 0));
  } else if (std::llabs(HlcMillis(to) - at) > kSlackMs) {
    to = HlcPack(at, 0);
  }
  if (HlcMillis(to) > limit_ms_) to = HlcPack(limit_ms_, 0);
  if (to <= before_) to = before_ + 1;
  while (to != u.hlc) {
    absl::StatusOr<bool> taken = taken_(to);
    if (!taken.ok()) return taken.status();
    if (!*taken) break;
    ++to;
  }
  back_ = back_ || to < u.hlc;
  before_ = to;
  return to;
}

}  // namespace hromada::client
