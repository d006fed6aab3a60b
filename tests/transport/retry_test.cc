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

TEST(AdaptiveBatch, ClampsItsLimits) {
  AdaptiveBatch batch(/*min_bytes=*/0, /*max_bytes=*/0, /*initial_bytes=*/100);
  EXPECT_EQ(batch.bytes(), 1u);
  AdaptiveBatch batch2(1000, 5000, 10);
  EXPECT_EQ(batch2.bytes(), 1000u);
  AdaptiveBatch batch3(1000, 5000, 1 << 20);
  EXPECT_EQ(batch3.bytes(), 5000u);
}

TEST(AdaptiveBatch, SlowStartDoublesUpToTheMaximum) {
  AdaptiveBatch batch(1000, 100000, 16000);
  std::vector<size_t> seen;
  for (int i = 0; i < 5; ++i) {
    batch.OnSuccess();
    seen.push_back(batch.bytes());
  }
  EXPECT_EQ(seen, (std::vector<size_t>{32000, 64000, 100000, 100000, 100000}));
}

TEST(AdaptiveBatch, HalvesOnOverloadThenGrowsAdditively) {
  AdaptiveBatch batch(1000, 1000000, 64000);
  batch.OnSuccess();  // 128000
  batch.OnSuccess();  // 256000
  batch.OnFailure(absl::DeadlineExceededError("slow link"));
  EXPECT_EQ(batch.bytes(), 128000u);
  batch.OnSuccess();
  EXPECT_EQ(batch.bytes(), 160000u);  // + threshold / 4
  batch.OnSuccess();
  EXPECT_EQ(batch.bytes(), 192000u);
  batch.OnFailure(absl::UnavailableError("cut"));
  EXPECT_EQ(batch.bytes(), 96000u);
  batch.OnSuccess();
  EXPECT_EQ(batch.bytes(), 120000u);  // the new threshold is 96000
}

TEST(AdaptiveBatch, AnOutageDoesNotRatchetTheThresholdDown) {
  AdaptiveBatch batch(1000, 1000000, 256000);
  for (int i = 0; i < 20; ++i) batch.OnFailure(absl::UnavailableError("server down"));
  EXPECT_EQ(batch.bytes(), 1000u);  // never below the minimum
  std::vector<size_t> seen;
  for (int i = 0; i < 9; ++i) {
    batch.OnSuccess();
    seen.push_back(batch.bytes());
  }
  // Doubles back to the threshold set by the first failure (128000), then
  // adds a quarter of it.
  EXPECT_EQ(seen,
            (std::vector<size_t>{2000, 4000, 8000, 16000, 32000, 64000, 128000, 160000, 192000}));
}

TEST(AdaptiveBatch, TooLargeAlsoLowersTheMaximum) {
  AdaptiveBatch batch(1000, 1000000, 256000);
  batch.OnFailure(absl::ResourceExhaustedError("batch exceeds max_push_bytes"));
  EXPECT_EQ(batch.bytes(), 128000u);
  EXPECT_EQ(batch.max_bytes(), 128000u);
  for (int i = 0; i < 10; ++i) batch.OnSuccess();
  EXPECT_EQ(batch.bytes(), 128000u);
}

TEST(AdaptiveBatch, OtherFailuresLeaveTheBudget) {
  AdaptiveBatch batch(1000, 1000000, 64000);
  batch.OnFailure(absl::InvalidArgumentError("bad record"));
  batch.OnFailure(absl::UnauthenticatedError("token"));
  EXPECT_EQ(batch.bytes(), 64000u);
}

TEST(AdaptiveBatch, SetMaxBytesClampsAndCanRaise) {
  AdaptiveBatch batch(1000, 1000000, 64000);
  batch.set_max_bytes(50000);
  EXPECT_EQ(batch.bytes(), 50000u);
  batch.OnSuccess();
  EXPECT_EQ(batch.bytes(), 50000u);
  batch.set_max_bytes(200000);  // still in slow start: may double again
  batch.OnSuccess();
  EXPECT_EQ(batch.bytes(), 100000u);
  batch.set_max_bytes(10);  // never below the minimum
  EXPECT_EQ(batch.bytes(), 1000u);
  EXPECT_EQ(batch.max_bytes(), 1000u);
}

}  // namespace
}  // namespace hromada
