// The field links of issue 8 (label soak; scripts/test.sh --soak): 10,000
// records push, then pull to a fresh device, on 64 kbit/s each way with a
// 500 ms round trip,
//   - cut every 25-35 s: both finish, each within 1.3x the bytes of the
//     same link uncut;
//   - cut every 5-10 s: both finish;
//   - silent for 20 s every 60 s (nothing delivered, nothing closed), and
//     cut every 25-35 s: both finish.
#include "tests/integration/link_scenario_check.h"

namespace hromada::test {
namespace {

constexpr int kRecords = 10000;

TEST_F(LinkScenarioTest, CutEvery30SecondsCostsAtMost1_3TimesTheUncutBytes) {
  const LinkScenarioResult ideal =
      Run(LinkProfile::Field2G("uncut", absl::ZeroDuration(), absl::ZeroDuration()), kRecords);
  const LinkScenarioResult cut =
      Run(LinkProfile::Field2G("cut30s", absl::Seconds(25), absl::Seconds(35)), kRecords);
  EXPECT_GT(cut.cuts, 0);
  EXPECT_LE(cut.push.wire_up, ideal.push.wire_up * 13 / 10);
  EXPECT_LE(cut.pull.wire_down, ideal.pull.wire_down * 13 / 10);
}

TEST_F(LinkScenarioTest, CutEvery5To10SecondsStillFinishes) {
  const LinkScenarioResult r =
      Run(LinkProfile::Field2G("cut5-10s", absl::Seconds(5), absl::Seconds(10)), kRecords);
  EXPECT_GT(r.cuts, 0);
}

TEST_F(LinkScenarioTest, SilentStallsStillFinish) {
  LinkProfile profile = LinkProfile::Field2G("stall20s", absl::Seconds(25), absl::Seconds(35));
  profile.stall_every = absl::Seconds(60);
  profile.stall_for = absl::Seconds(20);
  const LinkScenarioResult r = Run(profile, kRecords);
  EXPECT_GT(r.stalls, 0);
}

}  // namespace
}  // namespace hromada::test
