// Dating unsent changes in server time at the handshake, the rule of
// docs/protocol.md "Clocks": each change is dated by the monotonic
// reading when the wall clock jumped since the edit and the device did not
// reboot, else by the offset measured now; a stamp within kSlackMs of
// that date stays; none goes past the server's limit; and in device_seq
// order each stamp stays after the one before, as the device made them.
//
// Pure functions; thread-safe.
#ifndef HROMADA_CLIENT_SRC_STORE_RESTAMP_H_
#define HROMADA_CLIENT_SRC_STORE_RESTAMP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "client/src/store/monotonic_clock.h"
#include "client/src/store/outbox.h"
#include "hromada/v1/record.pb.h"

namespace hromada::client {

struct RestampPlan {
  struct Move {
    const UnsentChange* change;  // into the vector the plan was made from
    uint64_t to;                 // its new stamp
  };
  std::vector<Move> moves;  // in device_seq order
  // A stamp moves back: the device's HLC ran ahead and must forget it.
  bool back = false;
};

// The stamps to change among `unsent` (the outbox, oldest first), with
// `offset_ms` (server minus device wall clock) measured now, `limit_ms`
// the latest server time a stamp may carry, and the clocks read now.
// Changes through `kept_through` may be on the server as they are: they
// keep their stamps. Changes without clocks are only held below the limit.
RestampPlan PlanRestamps(const std::vector<UnsentChange>& unsent, uint64_t kept_through,
                         int64_t offset_ms, int64_t limit_ms, int64_t wall_now,
                         const MonotonicReading& mono_now);

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
