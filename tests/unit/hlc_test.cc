// Tests of the hybrid logical clock (shared/sync/hlc.h): packing, and that
// HybridClock never runs behind what it issued or observed, whatever the
// physical clock does.
#include "shared/sync/hlc.h"

#include <set>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "shared/base/clock.h"

namespace hromada {
namespace {

TEST(HlcPackTest, RoundTrips) {
  const uint64_t hlc = HlcPack(1700000000123, 42);
  EXPECT_EQ(HlcMillis(hlc), 1700000000123);
  EXPECT_EQ(HlcLogical(hlc), 42u);
  EXPECT_EQ(HlcPack(0, 0), 0u);
}

TEST(HlcPackTest, PackedValuesCompareInClockOrder) {
  EXPECT_LT(HlcPack(5, 0), HlcPack(5, 1));
  EXPECT_LT(HlcPack(5, 0xFFFF), HlcPack(6, 0));
  EXPECT_LT(HlcPack(5, 7), HlcPack(1700000000000, 0));
}

TEST(HlcPackTest, LogicalIsMaskedToSixteenBits) {
  EXPECT_EQ(HlcPack(3, 0x10001), HlcPack(3, 1));
  EXPECT_EQ(HlcMillis(HlcPack(3, 0x10001)), 3);
}

TEST(HybridClockTest, FollowsThePhysicalClock) {
  ManualClock clock(1000);
  HybridClock hlc(&clock);
  EXPECT_EQ(hlc.Now(), HlcPack(1000, 0));
  clock.Advance(5);
  EXPECT_EQ(hlc.Now(), HlcPack(1005, 0));
  EXPECT_EQ(hlc.last(), HlcPack(1005, 0));
}

TEST(HybridClockTest, CountsLogicallyWhileTheClockStandsStill) {
  ManualClock clock(1000);
  HybridClock hlc(&clock);
  EXPECT_EQ(hlc.Now(), HlcPack(1000, 0));
  EXPECT_EQ(hlc.Now(), HlcPack(1000, 1));
  EXPECT_EQ(hlc.Now(), HlcPack(1000, 2));
  clock.Advance(1);
  EXPECT_EQ(hlc.Now(), HlcPack(1001, 0));
}

TEST(HybridClockTest, StaysMonotonicWhenTheClockGoesBackwards) {
  ManualClock clock(1000);
  HybridClock hlc(&clock);
  const uint64_t before = hlc.Now();
  clock.Set(400);
  const uint64_t after = hlc.Now();
  EXPECT_GT(after, before);
  EXPECT_EQ(after, HlcPack(1000, 1));
  clock.Set(1200);
  EXPECT_EQ(hlc.Now(), HlcPack(1200, 0));
}

TEST(HybridClockTest, ObserveOfARemoteTimestampFarAheadIsExceeded) {
  ManualClock clock(1000);
  HybridClock hlc(&clock);
  hlc.Now();
  const uint64_t remote = HlcPack(90000000, 7);
  hlc.Observe(remote);
  const uint64_t next = hlc.Now();
  EXPECT_GT(next, remote);
  EXPECT_EQ(next, HlcPack(90000000, 8));
  // The physical clock catching up past the remote value takes over again.
  clock.Set(90000001);
  EXPECT_EQ(hlc.Now(), HlcPack(90000001, 0));
}

TEST(HybridClockTest, ObserveOfAnOlderTimestampChangesNothing) {
  ManualClock clock(5000);
  HybridClock hlc(&clock);
  const uint64_t first = hlc.Now();
  hlc.Observe(HlcPack(10, 3));
  EXPECT_EQ(hlc.last(), first);
  EXPECT_EQ(hlc.Now(), HlcPack(5000, 1));
}

TEST(HybridClockTest, StartsAfterTheGivenLastValue) {
  ManualClock clock(1000);
  HybridClock hlc(&clock, HlcPack(9999, 3));
  EXPECT_EQ(hlc.Now(), HlcPack(9999, 4));
}

TEST(HybridClockTest, AppliesTheOffset) {
  ManualClock clock(1000);
  HybridClock hlc(&clock, 0, 5000);
  EXPECT_EQ(hlc.offset_ms(), 5000);
  EXPECT_EQ(hlc.Now(), HlcPack(6000, 0));
  hlc.set_offset_ms(10000);
  EXPECT_EQ(hlc.offset_ms(), 10000);
  EXPECT_EQ(hlc.Now(), HlcPack(11000, 0));
}

TEST(HybridClockTest, ANegativeOffsetNeverMakesItRunBackwards) {
  ManualClock clock(100000);
  HybridClock hlc(&clock);
  const uint64_t before = hlc.Now();
  hlc.set_offset_ms(-60000);
  const uint64_t after = hlc.Now();
  EXPECT_GT(after, before);
  EXPECT_EQ(after, HlcPack(100000, 1));
}

TEST(HybridClockTest, APhysicalTimeBelowZeroIsClampedToZero) {
  ManualClock clock(100);
  HybridClock hlc(&clock, 0, -1000);
  const uint64_t first = hlc.Now();
  EXPECT_GT(first, 0u) << "0 means 'no clock'";
  EXPECT_EQ(HlcMillis(first), 0);
  EXPECT_GT(hlc.Now(), first);
}

TEST(HybridClockTest, LogicalOverflowCarriesIntoMillisAndStaysMonotonic) {
  ManualClock clock(1000);
  HybridClock hlc(&clock, HlcPack(1000, 0xFFFF));
  const uint64_t next = hlc.Now();
  EXPECT_GT(next, HlcPack(1000, 0xFFFF));
  EXPECT_EQ(next, HlcPack(1001, 0));
}

TEST(HybridClockTest, ConcurrentCallersGetDistinctIncreasingValues) {
  ManualClock clock(1000);
  HybridClock hlc(&clock);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::vector<uint64_t>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        seen[t].push_back(hlc.Now());
        if (i % 100 == 0) clock.Advance(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<uint64_t> all;
  for (const std::vector<uint64_t>& values : seen) {
    for (size_t i = 1; i < values.size(); ++i) ASSERT_GT(values[i], values[i - 1]);
    all.insert(values.begin(), values.end());
  }
  EXPECT_EQ(all.size(), size_t{kThreads * kPerThread});
}

}  // namespace
}  // namespace hromada
