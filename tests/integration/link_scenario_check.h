// What the link tests (short and soak) check of a RunLinkScenario result.
#ifndef HROMADA_TESTS_INTEGRATION_LINK_SCENARIO_CHECK_H_
#define HROMADA_TESTS_INTEGRATION_LINK_SCENARIO_CHECK_H_

#include <gtest/gtest.h>

#include "tests/integration/fixture.h"
#include "tests/support/link_scenario.h"

namespace hromada::test {

class LinkScenarioTest : public SyncFixture {
 protected:
  // Runs the scenario on `profile` and checks that both legs finished with
  // every record on the fresh device; the result for further checks.
  LinkScenarioResult Run(const LinkProfile& profile, int records) {
    LinkScenarioOptions options;
    options.profile = profile;
    options.records = records;
    options.work_dir = dir_.path();
    absl::StatusOr<LinkScenarioResult> result = RunLinkScenario(*server_, options);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return {};
    const LinkScenarioResult& r = *result;
    EXPECT_TRUE(r.push.finished) << profile.name << ": push after " << r.push.syncs << " syncs";
    EXPECT_TRUE(r.pull.finished) << profile.name << ": pull after " << r.pull.syncs << " syncs";
    EXPECT_EQ(r.persons_on_reader, static_cast<uint64_t>(records)) << profile.name;
    std::cerr << profile.name << ": push " << r.push.wire_up << " B up in " << r.push.seconds
              << " s, " << r.push.syncs << " syncs, " << r.push.retries << " retries; pull "
              << r.pull.wire_down << " B down in " << r.pull.seconds << " s, " << r.pull.syncs
              << " syncs, " << r.pull.retries << " retries; " << r.cuts << " cuts, " << r.stalls
              << " stalls\n";
    return r;
  }
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_INTEGRATION_LINK_SCENARIO_CHECK_H_
