// Applying one device's push: the heart of the server's write path.
//
// A batch is applied in one durable transaction. Changes the device sent
// before (device_seq <= acked_through) are skipped, so a retried push is a
// no-op that still acks. Each new change is validated, scope-checked,
// stamped with the pushing device and merged into the record's state with
// the shared merge rule; a change refused for its content becomes a
// Rejection, counts as handled, and never blocks the rest (docs/design.md
// invariant 8). Only whole-call faults fail the call. The audit entries of
// the new changes (merges, form publications, refusals by reason; see
// audit.h PushAudit) are written in the same transaction.
#ifndef HROMADA_SERVER_SYNC_PUSH_H_
#define HROMADA_SERVER_SYNC_PUSH_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/store.h"

namespace hromada::server {

struct PushLimits {
  int64_t now_ms = 0;
  int64_t max_clock_ahead_ms = 0;
  // Device names for conflict records (ApplyLimits::device_name); unset:
  // none.
  std::function<std::string(absl::string_view device_id)> device_name = nullptr;
};

// A test seam: called with "push-before-commit" and "push-after-commit".
using CrashPoint = std::function<void(const char* where)>;

// What a push did, for metrics: a retried batch (its answer lost) repeats
// changes and refusals the first attempt already counted.
struct PushCounts {
  int new_changes = 0;        // changes past acked_through, applied or refused now
  int replayed_refusals = 0;  // refusals kept from before, listed first
};

// Errors: INVALID_ARGUMENT for first_seq 0; FAILED_PRECONDITION when the
// batch starts past acked_through + 1 (a gap: the device lost changes);
// storage errors as the store reports them (nothing is applied then).
// The changes in `request` are consumed (stamped and merged in place).
// The response's rejections list the retried changes' refusals first, as
// kept from before. `*counts` (if given) is filled on success.
absl::StatusOr<v1::PushResponse> ApplyPush(Store& store, const Device& device,
                                           v1::PushRequest& request, const PushLimits& limits,
                                           const CrashPoint& crash_point = nullptr,
                                           PushCounts* counts = nullptr);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_PUSH_H_
