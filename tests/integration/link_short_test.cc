// The short form of the field-link soak (link_soak_test.cc), in the default
// suite: 1,000 records push, then pull to a fresh device, on a 64 kbit/s,
// 500 ms link cut every 5-10 s. About 30 s.
#include "tests/integration/link_scenario_check.h"

namespace hromada::test {
namespace {

TEST_F(LinkScenarioTest, ThousandRecordsOnALinkCutEvery5To10Seconds) {
  LinkProfile profile = LinkProfile::Field2G("short-cut5-10s", absl::Seconds(5), absl::Seconds(10));
  const LinkScenarioResult r = Run(profile, 1000);
  EXPECT_GT(r.cuts, 0);
}

}  // namespace
}  // namespace hromada::test
