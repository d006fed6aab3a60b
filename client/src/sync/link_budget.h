// LinkBudget: how many bytes the next push batch or pull page may carry,
// so that a call fits what the link delivers. The field's links are slow
// (64 kbit/s) and drop every few seconds; a call that outlives the link is
// lost whole, and a client that asks again for the same size loops forever.
//
// The rule (docs/protocol.md, "Sizes follow the link"):
//   - the target time of a call is `target` (5 s), or half the shortest link
//     uptime seen recently, whichever is less: a call must fit between cuts;
//   - start at `initial_bytes`; a call that completes within half the target
//     time doubles the budget (slow start), a slower one scales it to the
//     measured throughput times the target time, never more than doubling;
//   - the budget is never above the measured throughput times the target
//     time (once a full-size call has measured it);
//   - after a cut (UNAVAILABLE, DEADLINE_EXCEEDED) the budget becomes what
//     the link delivered in that call, and at most half what it was: a
//     failing size is never tried again, and down at `min_bytes` one call
//     still fits any link that carries one small call between cuts;
//   - RESOURCE_EXHAUSTED (the server refused the size) halves the budget and
//     lowers the maximum to it for good.
// The budget stays within [min_bytes, max_bytes].
//
// Times come from the `now` function given at construction (a fake clock in
// tests, a steady clock in the engine). Thread-safe: the prefetching pull
// thread and the engine both update it.
#ifndef HROMADA_CLIENT_SRC_SYNC_LINK_BUDGET_H_
#define HROMADA_CLIENT_SRC_SYNC_LINK_BUDGET_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hromada::client {

struct LinkBudgetConfig {
  size_t min_bytes = 4 << 10;
  size_t initial_bytes = 16 << 10;
  size_t max_bytes = 1 << 20;
  absl::Duration target = absl::Seconds(5);  // the longest a call should take
};

// Returns the time now; a steady clock (it must not jump).
using LinkClock = std::function<absl::Time()>;
LinkClock SteadyLinkClock();

class LinkBudget {
 public:
  // Clamps: min_bytes >= 1, max_bytes >= min_bytes, initial within them.
  LinkBudget(LinkBudgetConfig config, LinkClock now);

  // The byte budget of the next call.
  size_t bytes() const ABSL_LOCKS_EXCLUDED(mu_);
  size_t max_bytes() const ABSL_LOCKS_EXCLUDED(mu_);
  void set_max_bytes(size_t max_bytes) ABSL_LOCKS_EXCLUDED(mu_);
  // The time a call should take at most on this link.
  absl::Duration target() const ABSL_LOCKS_EXCLUDED(mu_);
  // Measured bytes per second; 0 until a full-size call completed.
  double bytes_per_second() const ABSL_LOCKS_EXCLUDED(mu_);
  // A deadline for a call of bytes() on this link: four times its expected
  // time, within [floor, ceiling]. A silent link is given up on this soon.
  absl::Duration Deadline(absl::Duration floor, absl::Duration ceiling) const
      ABSL_LOCKS_EXCLUDED(mu_);

  // The call that started at `start` with a budget of `budget` bytes
  // ended; `wire` bytes crossed the link in its large direction. A success
  // with `wire` under half the budget (a last, short page) measures the
  // throughput but does not grow the budget.
  void OnSuccess(size_t budget, uint64_t wire, absl::Time start) ABSL_LOCKS_EXCLUDED(mu_);
  // The call failed with `status`; `wire` bytes had crossed. Other codes
  // than the three of the rule leave the budget as it is.
  void OnFailure(const absl::Status& status, uint64_t wire) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  absl::Duration TargetLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  size_t Clamp(double bytes) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const LinkClock now_;
  const absl::Duration target_;
  mutable absl::Mutex mu_;
  size_t min_ ABSL_GUARDED_BY(mu_);
  size_t max_ ABSL_GUARDED_BY(mu_);
  size_t budget_ ABSL_GUARDED_BY(mu_);
  double rate_ ABSL_GUARDED_BY(mu_) = 0;  // bytes/s, smoothed
  // When the link came up: the start of the first call that succeeded after
  // the last cut; InfinitePast until one has.
  absl::Time up_since_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::deque<absl::Duration> uptimes_ ABSL_GUARDED_BY(mu_);  // the last few
};

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_SYNC_LINK_BUDGET_H_
