#include "client/src/transport/retry.h"

#include <algorithm>
#include <vector>

#include "gtest/gtest.h"

namespace hromada {
namespace {

// A policy whose pauses are recorded instead of slept, with a fixed draw.
struct Recorder {
  std::vector<absl::Duration> pauses;
  std::vector<int> retried_attempts;
  RetryPolicy Policy(double draw = 0.5) {
    RetryPolicy policy;
    policy.sleep = [this](absl::Duration d) { pauses.push_back(d); };
    policy.random = [draw] { return draw; };
    policy.on_retry = [this](int attempt, const absl::Status&, absl::Duration) {
      retried_attempts.push_back(attempt);
    };
    return policy;
  }
};

TEST(IsRetryable, OnlyTransientCodes) {
  EXPECT_TRUE(IsRetryable(absl::UnavailableError("")));
  EXPECT_TRUE(IsRetryable(absl::DeadlineExceededError("")));
  EXPECT_TRUE(IsRetryable(absl::AbortedError("")));
  EXPECT_FALSE(IsRetryable(absl::OkStatus()));
  EXPECT_FALSE(IsRetryable(absl::ResourceExhaustedError("batch too large")));
  EXPECT_FALSE(IsRetryable(absl::InvalidArgumentError("")));
  EXPECT_FALSE(IsRetryable(absl::UnauthenticatedError("")));
  EXPECT_FALSE(IsRetryable(absl::FailedPreconditionError("")));
  EXPECT_FALSE(IsRetryable(absl::InternalError("")));
  EXPECT_FALSE(IsRetryable(absl::UnknownError("")));
}

TEST(Backoff, CeilingGrowsExponentiallyUpToTheCap) {
  const RetryPolicy policy;
  EXPECT_EQ(BackoffCeiling(policy, 1), absl::Milliseconds(200));
  EXPECT_EQ(BackoffCeiling(policy, 2), absl::Milliseconds(400));
  EXPECT_EQ(BackoffCeiling(policy, 3), absl::Milliseconds(800));
  EXPECT_EQ(BackoffCeiling(policy, 8), absl::Milliseconds(25600));
  EXPECT_EQ(BackoffCeiling(policy, 9), absl::Seconds(30));
  EXPECT_EQ(BackoffCeiling(policy, 1000000), absl::Seconds(30));
}

TEST(Backoff, FullJitterScalesTheCeiling) {
  Recorder r;
  EXPECT_EQ(Backoff(r.Policy(0.0), 3), absl::ZeroDuration());
  EXPECT_EQ(Backoff(r.Policy(0.5), 3), absl::Milliseconds(400));
  EXPECT_EQ(Backoff(r.Policy(0.25), 9), absl::Seconds(7.5));
  EXPECT_EQ(Backoff(r.Policy(7.0), 1), absl::Milliseconds(200));  // a bad draw is clamped
}

TEST(Backoff, DefaultRandomStaysBelowTheCeilingAndSpreads) {
  const RetryPolicy policy;
  const absl::Duration ceiling = BackoffCeiling(policy, 4);
  absl::Duration low = absl::InfiniteDuration(), high = absl::ZeroDuration();
  for (int i = 0; i < 2000; ++i) {
    const absl::Duration d = Backoff(policy, 4);
    ASSERT_GE(d, absl::ZeroDuration());
    ASSERT_LT(d, ceiling);
    low = std::min(low, d);
    high = std::max(high, d);
  }
  EXPECT_LT(low, ceiling / 10);
  EXPECT_GT(high, ceiling * 0.9);
}

TEST(Retry, RetriesTransientFailuresThenReturnsTheValue) {
  Recorder r;
  int attempts = 0;
  absl::StatusOr<int> result = Retry(r.Policy(), [&]() -> absl::StatusOr<int> {
    if (++attempts < 3) return absl::UnavailableError("link down");
    return 42;
  });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(r.pauses,
            (std::vector<absl::Duration>{absl::Milliseconds(100), absl::Milliseconds(200)}));
  EXPECT_EQ(r.retried_attempts, (std::vector<int>{1, 2}));
}

TEST(Retry, DoesNotRetryNonRetryableCodes) {
  for (const absl::Status& refusal :
       {absl::InvalidArgumentError("bad"), absl::ResourceExhaustedError("too large"),
        absl::UnauthenticatedError("token"), absl::InternalError("broken")}) {
    Recorder r;
    int attempts = 0;
    absl::Status result = Retry(r.Policy(), [&] {
      ++attempts;
      return refusal;
    });
    EXPECT_EQ(result, refusal);
    EXPECT_EQ(attempts, 1) << refusal;
    EXPECT_TRUE(r.pauses.empty()) << refusal;
  }
}

TEST(Retry, StopsAtMaxAttemptsWithTheLastStatus) {
  Recorder r;
  RetryPolicy policy = r.Policy(1.0);
  policy.max_attempts = 5;
  int attempts = 0;
  absl::Status result = Retry(policy, [&] {
    ++attempts;
    return attempts % 2 ? absl::UnavailableError(std::to_string(attempts))
                        : absl::DeadlineExceededError(std::to_string(attempts));
  });
  EXPECT_EQ(attempts, 5);
  EXPECT_EQ(result, absl::UnavailableError("5"));
  EXPECT_EQ(r.pauses,
            (std::vector<absl::Duration>{absl::Milliseconds(200), absl::Milliseconds(400),
                                         absl::Milliseconds(800), absl::Milliseconds(1600)}));
}

TEST(Retry, OneOrFewerAttemptsMeansNoRetry) {
  for (int max_attempts : {1, 0, -3}) {
    Recorder r;
    RetryPolicy policy = r.Policy();
    policy.max_attempts = max_attempts;
    int attempts = 0;
    absl::Status result = Retry(policy, [&] {
      ++attempts;
      return absl::AbortedError("conflict");
    });
    EXPECT_EQ(result.code(), absl::StatusCode::kAborted);
    EXPECT_EQ(attempts, 1) << max_attempts;
  }
}

}  // namespace
}  // namespace hromada
