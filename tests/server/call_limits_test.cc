#include "server/sync/call_limits.h"

#include <gtest/gtest.h>

namespace hromada::server {
namespace {

TEST(PeerHostTest, DropsThePort) {
  EXPECT_EQ(PeerHost("ipv4:127.0.0.1:5555"), "ipv4:127.0.0.1");
  EXPECT_EQ(PeerHost("ipv6:[::1]:5555"), "ipv6:[::1]");
  EXPECT_EQ(PeerHost("unix:"), "unix:");
}

TEST(PeerLimiterTest, BurstThenRefillPerPeer) {
  PeerLimiter limiter(/*burst=*/3, /*per_minute=*/60);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("ipv4:1.1.1.1:1", 0, "x").ok());
  absl::Status s = limiter.Take("ipv4:1.1.1.1:2", 0, "enrolment attempts");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("enrolment attempts"), std::string::npos) << s;
  EXPECT_TRUE(limiter.Take("ipv4:2.2.2.2:1", 0, "x").ok()) << "another peer has its own bucket";
  EXPECT_TRUE(limiter.Take("ipv4:1.1.1.1:3", 1000, "x").ok()) << "one a second comes back";
  EXPECT_FALSE(limiter.Take("ipv4:1.1.1.1:3", 1000, "x").ok());
}

// Counting failures only: Check takes nothing, Take after each failure.
TEST(PeerLimiterTest, CheckTakesNothingAndRefillsSlowly) {
  PeerLimiter failures(/*burst=*/2, /*per_minute=*/0.5);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(failures.Check("ipv4:1.1.1.1:2", 0, "codes").ok());
  ASSERT_TRUE(failures.Take("ipv4:1.1.1.1:2", 0, "codes").ok());
  ASSERT_TRUE(failures.Take("ipv4:1.1.1.1:3", 0, "codes").ok()) << "one address, any port";
  absl::Status s = failures.Check("ipv4:1.1.1.1:4", 0, "wrong codes");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("too many wrong codes; try again in 120 s"), std::string::npos) << s;
  EXPECT_TRUE(failures.Check("ipv4:2.2.2.2:4", 0, "codes").ok()) << "other addresses unaffected";
  EXPECT_FALSE(failures.Check("ipv4:1.1.1.1:4", 119000, "codes").ok());
  EXPECT_TRUE(failures.Check("ipv4:1.1.1.1:4", 120000, "codes").ok()) << "one more after 2 min";
}

TEST(PeerLimiterTest, ZeroPerMinuteIsUnlimited) {
  PeerLimiter limiter(1, 0);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Take("p:1", 0, "x").ok());
}

TEST(PeerLimiterTest, ManyPeersStayBoundedAndAnEmptiedBucketIsKept) {
  PeerLimiter limiter(/*burst=*/1, /*per_minute=*/1, /*max_peers=*/4);
  ASSERT_TRUE(limiter.Take("ipv4:9.9.9.9:1", 0, "x").ok());
  // Idle (full) buckets are dropped first, so the emptied one survives.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(limiter.Take("ipv4:10.0.0." + std::to_string(i) + ":1", 0, "x").ok());
  }
  EXPECT_FALSE(limiter.Take("ipv4:9.9.9.9:2", 0, "x").ok());
}

TEST(DeviceCallsTest, BoundPerDevice) {
  DeviceCalls calls(2);
  EXPECT_TRUE(calls.Begin("a").ok());
  EXPECT_TRUE(calls.Begin("a").ok());
  EXPECT_EQ(calls.Begin("a").code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(calls.Begin("b").ok());
  calls.End("a");
  EXPECT_TRUE(calls.Begin("a").ok());
}

}  // namespace
}  // namespace hromada::server

namespace hromada::server {
namespace {

TEST(RefusalDrainsTest, BoundedInAllAndPerAddress) {
  RefusalDrains drains(/*max_total=*/3, /*max_per_peer=*/2);
  EXPECT_TRUE(drains.TryBegin("ipv4:1.1.1.1:1"));
  EXPECT_TRUE(drains.TryBegin("ipv4:1.1.1.1:2"));
  EXPECT_FALSE(drains.TryBegin("ipv4:1.1.1.1:3")) << "two per address";
  EXPECT_TRUE(drains.TryBegin("ipv4:2.2.2.2:1"));
  EXPECT_FALSE(drains.TryBegin("ipv4:3.3.3.3:1")) << "three in all";
  drains.End("ipv4:1.1.1.1:1");
  EXPECT_TRUE(drains.TryBegin("ipv4:3.3.3.3:1"));
  EXPECT_FALSE(drains.TryBegin("ipv4:1.1.1.1:4"));
  drains.End("ipv4:9.9.9.9:1");  // never begun: ignored
  EXPECT_FALSE(drains.TryBegin("ipv4:4.4.4.4:1"));
}

}  // namespace
}  // namespace hromada::server
