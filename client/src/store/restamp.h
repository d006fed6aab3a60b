// Dating unsent changes in server time at the handshake, the rule of
// docs/protocol.md "Clocks": each change is dated by the monotonic
// reading when the wall clock jumped since the edit and the device did not
// reboot, else by the offset measured now; a stamp within kSlackMs of
// that date stays; none goes past the server's limit; and in device_seq
// order each stamp stays after the one before, as the device made them.
//
// RestampPlanner is thread-compatible; MoveStamp is a pure function.
#ifndef HROMADA_CLIENT_SRC_STORE_RESTAMP_H_
#define HROMADA_CLIENT_SRC_STORE_RESTAMP_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "client/src/store/monotonic_clock.h"
#include "client/src/store/outbox.h"
#include "hromada/v1/record.pb.h"

namespace hromada::client {

// Plans the re-dating one change at a time, oldest first, so that the
// outbox is read as a stream of its clear columns (Outbox::ForEachStamp)
// and never held: the plan's state is the stamp before and whether one
// moved back.
class RestampPlanner {
 public:
  // Whether a change in the outbox carries a stamp now (before any move):
  // a new stamp must not take one.
  using TakenFn = std::function<absl::StatusOr<bool>(uint64_t stamp)>;

  // With `offset_ms` (server minus device wall clock) measured now,
  // `limit_ms` the latest server time a stamp may carry, and the clocks
  // read now. Changes through `kept_through` may be on the server as they
  // are: they keep their stamps.
  RestampPlanner(uint64_t kept_through, int64_t offset_ms, int64_t limit_ms, int64_t wall_now,
                 MonotonicReading mono_now, TakenFn taken);

  // The stamp `u`, the change after the last one given, should carry: its
  // own when it stays. Changes without clocks are only held below the
  // limit. Errors: taken's.
  absl::StatusOr<uint64_t> Next(const OutboxStamp& u);
  // A stamp moved back: the device's HLC ran ahead and must forget it.
  bool back() const { return back_; }

 private:
  const uint64_t kept_through_;
  const int64_t offset_ms_, limit_ms_, wall_now_;
  const MonotonicReading mono_now_;
  const TakenFn taken_;
  uint64_t before_ = 0;  // the last change's stamp, as planned
  bool back_ = false;
};

// Whether a clock offset measured when the clocks read `mono_then` and
// `wall_then` still holds at `mono_now`, `wall_now`: the same boot, the
// wall clock not set or jumped since (it agrees with the monotonic one as
// in the rule above), and not so long ago that the device clock may have
// drifted from the server's by the re-stamping slack. Then the changes
// stamped since need no re-dating, and may leave before a handshake.
bool OffsetStillHolds(const MonotonicReading& mono_then, int64_t wall_then,
                      const MonotonicReading& mono_now, int64_t wall_now);

// Moves the fields (and tombstone) that `device` wrote at `from` to `to`,
// in a record's state.
void MoveStamp(const std::string& device, uint64_t from, uint64_t to, v1::Record* state);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_RESTAMP_H_
