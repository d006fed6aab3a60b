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

AdaptiveBatch::AdaptiveBatch(size_t min_bytes, size_t max_bytes, size_t initial_bytes)
    : min_(std::max<size_t>(min_bytes, 1)),
      max_(std::max(max_bytes, min_)),
      budget_(std::clamp(initial_bytes, min_, max_)),
      threshold_(max_) {}

void AdaptiveBatch::OnSuccess() {
  failing_ = false;
  // Compare before adding so that the sums cannot overflow: all are <= max_.
  if (budget_ < threshold_) {
    budget_ = std::min(threshold_, budget_ > max_ / 2 ? max_ : budget_ * 2);
  } else {
    const size_t step = std::max(min_, threshold_ / 4);
    budget_ = budget_ > max_ - step ? max_ : budget_ + step;
  }
}

void AdaptiveBatch::OnFailure(const absl::Status& status) {
  const absl::StatusCode code = status.code();
  if (code != absl::StatusCode::kDeadlineExceeded && code != absl::StatusCode::kUnavailable &&
      code != absl::StatusCode::kResourceExhausted) {
    return;
  }
  budget_ = std::max(min_, budget_ / 2);
  if (!failing_) threshold_ = budget_;
  failing_ = true;
  if (code == absl::StatusCode::kResourceExhausted) max_ = budget_;
}

void AdaptiveBatch::set_max_bytes(size_t max_bytes) {
  const bool slow_start = threshold_ >= max_;  // no failure has set a threshold
  max_ = std::max(max_bytes, min_);
  budget_ = std::min(budget_, max_);
  threshold_ = slow_start ? max_ : std::min(threshold_, max_);
}

}  // namespace hromada
