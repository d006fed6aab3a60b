// Retrying a call with exponential backoff and full jitter: plain values
// with no threads of their own, thread-compatible. (How large a batch or a
// page is on a given link is client/src/sync/link_budget.h's concern.)
//
// Which codes are retried as they are (IsRetryable):
//   UNAVAILABLE        the call did not get through, or its answer was lost;
//   DEADLINE_EXCEEDED  the link was too slow this time;
//   ABORTED            the server gave up on a conflict; the same call may pass.
// Not retried:
//   RESOURCE_EXHAUSTED in this protocol means "this request is too large"
//                      (gRPC's message size limit, the server's max_push_bytes):
//                      the same bytes get the same answer. The caller sends a
//                      smaller batch instead (LinkBudget::OnFailure). A
//                      server that is merely busy answers UNAVAILABLE.
//   everything else    the request, the device's state or its credentials
//                      must change first (INVALID_ARGUMENT, UNAUTHENTICATED,
//                      FAILED_PRECONDITION, ...), or the protocol broke (INTERNAL).
// Retrying is only safe for idempotent calls. Every hromada.v1.Sync call is
// meant to be: Push is deduplicated by (device_id, device_seq), Handshake and
// Pull only read. Check the server's contract before retrying a new call.
#ifndef HROMADA_CLIENT_SRC_TRANSPORT_RETRY_H_
#define HROMADA_CLIENT_SRC_TRANSPORT_RETRY_H_

#include <cstddef>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace hromada {

struct RetryPolicy {
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(30);
  double multiplier = 2;
  int max_attempts = 8;  // including the first; 1 or less: never retry

  // Seams for tests. Empty: absl::SleepFor, and a per-thread generator
  // seeded from std::random_device.
  std::function<void(absl::Duration)> sleep;
  std::function<double()> random;  // uniform in [0, 1)
  // Told before each pause: the attempt that failed (1-based), its status
  // and how long the pause is, e.g. to show progress or log.
  std::function<void(int attempt, const absl::Status& status, absl::Duration pause)> on_retry;
};

bool IsRetryable(const absl::Status& status);

// The longest pause after failed attempt `attempt` (1-based):
// initial_backoff * multiplier^(attempt-1), at most max_backoff.
absl::Duration BackoffCeiling(const RetryPolicy& policy, int attempt);

// The pause after failed attempt `attempt`: uniform in [0, BackoffCeiling)
// ("full jitter"), so that devices that lost the link together do not come
// back together.
absl::Duration Backoff(const RetryPolicy& policy, int attempt);

namespace retry_internal {
inline const absl::Status& StatusOf(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}
void Sleep(const RetryPolicy& policy, absl::Duration pause);
}  // namespace retry_internal

// Runs `attempt` (a callable returning absl::Status or absl::StatusOr<T>)
// until it succeeds, fails with a code that IsRetryable() refuses, or has
// run policy.max_attempts times; returns the last result.
template <typename F>
auto Retry(const RetryPolicy& policy, F&& attempt) -> decltype(attempt()) {
  for (int n = 1;; ++n) {
    auto result = attempt();
    const absl::Status& status = retry_internal::StatusOf(result);
    if (status.ok() || !IsRetryable(status) || n >= policy.max_attempts) return result;
    const absl::Duration pause = Backoff(policy, n);
    if (policy.on_retry) policy.on_retry(n, status, pause);
    retry_internal::Sleep(policy, pause);
  }
}

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_TRANSPORT_RETRY_H_
