// LinkBudget's sizing rule on a fake clock.
#include "client/src/sync/link_budget.h"

#include <gtest/gtest.h>

namespace hromada::client {
namespace {

class LinkBudgetTest : public ::testing::Test {
 protected:
  LinkBudget Make(size_t initial = 16 << 10, size_t max = 1 << 20) {
    LinkBudgetConfig config;
    config.min_bytes = 4 << 10;
    config.initial_bytes = initial;
    config.max_bytes = max;
    return LinkBudget(config, [this] { return now_; });
  }
  // A call of the whole budget on a link of `rate` bytes/s and `rtt`.
  void Succeed(LinkBudget& budget, double rate, absl::Duration rtt = absl::Milliseconds(500)) {
    const absl::Time start = now_;
    const size_t size = budget.bytes();
    now_ += rtt + absl::Seconds(size / rate);
    budget.OnSuccess(size, size, start);
  }

  absl::Time now_ = absl::UnixEpoch();
};

TEST_F(LinkBudgetTest, StartsSmallAndDoublesWhileCallsAreQuick) {
  LinkBudget budget = Make();
  EXPECT_EQ(budget.bytes(), 16u << 10);
  Succeed(budget, 1e6);
  EXPECT_EQ(budget.bytes(), 32u << 10);
  Succeed(budget, 1e6);
  EXPECT_EQ(budget.bytes(), 64u << 10);
  for (int i = 0; i < 10; ++i) Succeed(budget, 1e6);
  EXPECT_EQ(budget.bytes(), 1u << 20) << "a fast link reaches the maximum";
}

TEST_F(LinkBudgetTest, NeverAboveWhatTheLinkCarriesInFiveSeconds) {
  LinkBudget budget = Make();
  for (int i = 0; i < 30; ++i) Succeed(budget, 8000);  // 64 kbit/s
  EXPECT_LE(budget.bytes(), 5u * 8000);
  EXPECT_GE(budget.bytes(), 3u * 8000) << "but it uses most of it";
  EXPECT_NEAR(budget.bytes_per_second(), 8000, 1500);
}

TEST_F(LinkBudgetTest, ACutShrinksToWhatTheLinkDelivered) {
  LinkBudget budget = Make(64 << 10);
  budget.OnFailure(absl::UnavailableError("cut"), 10000);
  EXPECT_EQ(budget.bytes(), 10000u);
}

TEST_F(LinkBudgetTest, AFailingSizeIsNeverTriedAgain) {
  LinkBudget budget = Make(64 << 10);
  size_t last = budget.bytes();
  for (int i = 0; i < 20; ++i) {
    budget.OnFailure(absl::DeadlineExceededError("slow"), last);  // all of it crossed
    if (last > (4u << 10)) {
      EXPECT_LT(budget.bytes(), last);
    } else {
      EXPECT_EQ(budget.bytes(), 4u << 10) << "down at the floor";
    }
    last = budget.bytes();
  }
}

TEST_F(LinkBudgetTest, ShortUptimesShortenTheTargetTime) {
  LinkBudget budget = Make();
  EXPECT_EQ(budget.target(), absl::Seconds(5));
  // Up 4 s at a time: calls aim at 2 s.
  for (int round = 0; round < 3; ++round) {
    const absl::Time up = now_;
    while (now_ - up < absl::Seconds(4)) Succeed(budget, 8000);
    budget.OnFailure(absl::UnavailableError("cut"), 0);
    now_ += absl::Seconds(2);
  }
  EXPECT_LE(budget.target(), absl::Seconds(3));
  EXPECT_GE(budget.target(), absl::Seconds(1));
  for (int i = 0; i < 5; ++i) Succeed(budget, 8000);
  EXPECT_LE(budget.bytes(), static_cast<size_t>(8000 * 3));
}

TEST_F(LinkBudgetTest, AShortLastCallDoesNotGrowOrShrink) {
  LinkBudget budget = Make();
  const absl::Time start = now_;
  now_ += absl::Seconds(3);
  budget.OnSuccess(budget.bytes(), 100, start);
  EXPECT_EQ(budget.bytes(), 16u << 10);
}

TEST_F(LinkBudgetTest, RefusedSizeLowersTheMaximumForGood) {
  LinkBudget budget = Make(64 << 10);
  budget.OnFailure(absl::ResourceExhaustedError("too large"), 0);
  EXPECT_EQ(budget.bytes(), 32u << 10);
  EXPECT_EQ(budget.max_bytes(), 32u << 10);
  for (int i = 0; i < 5; ++i) Succeed(budget, 1e6);
  EXPECT_EQ(budget.bytes(), 32u << 10);
}

TEST_F(LinkBudgetTest, OtherFailuresLeaveTheBudget) {
  LinkBudget budget = Make();
  budget.OnFailure(absl::PermissionDeniedError("no"), 0);
  EXPECT_EQ(budget.bytes(), 16u << 10);
}

TEST_F(LinkBudgetTest, DeadlineFollowsTheMeasuredLink) {
  LinkBudget budget = Make();
  EXPECT_EQ(budget.Deadline(absl::Seconds(15), absl::Seconds(60)), absl::Seconds(60));
  for (int i = 0; i < 10; ++i) Succeed(budget, 8000);
  const absl::Duration d = budget.Deadline(absl::Seconds(15), absl::Seconds(60));
  EXPECT_GE(d, absl::Seconds(15));
  EXPECT_LE(d, absl::Seconds(30));
}

}  // namespace
}  // namespace hromada::client
