#include "client/src/transport/retry.h"

#include <algorithm>
#include <random>

namespace hromada {
namespace {

double DefaultRandom() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace

bool IsRetryable(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

absl::Duration BackoffCeiling(const RetryPolicy& policy, int attempt) {
  absl::Duration ceiling = std::min(policy.initial_backoff, policy.max_backoff);
  // A loop, not pow(): it stops at the cap, so it never overflows.
  for (int i = 1; i < attempt && ceiling < policy.max_backoff; ++i) {
    ceiling = std::min(ceiling * policy.multiplier, policy.max_backoff);
  }
  return std::max(ceiling, absl::ZeroDuration());
}

absl::Duration Backoff(const RetryPolicy& policy, int attempt) {
  double r = policy.random ? policy.random() : DefaultRandom();
  r = std::clamp(r, 0.0, 1.0);
  return BackoffCeiling(policy, attempt) * r;
}

namespace retry_internal {

void Sleep(const RetryPolicy& policy, absl::Duration pause) {
  if (policy.sleep) {
    policy.sleep(pause);
  } else {
    absl::SleepFor(pause);
  }
}

}  // namespace retry_internal

}  // namespace hromada
