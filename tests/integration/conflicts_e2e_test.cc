// Conflicts in view through the real binaries: two field devices edit the
// same person's phone offline, both sync; the coordinator sees the losing
// value in `hromada conflicts`, restores it with `resolve --keep theirs`,
// and after syncing every device has it and no coordinator lists the
// conflict. Field devices never receive conflicts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.h"

namespace hromada::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class ConflictsE2eTest : public CliFixture {
 protected:
  // A device of the one community, enrolled and synced once.
  void EnrolAndSync(const std::string& profile, const std::string& role) {
    Enrol(profile, "Bilozerka", role);
    Ok(profile, {"sync"});
  }
  json Conflicts(const std::string& profile) { return Json(profile, {"conflicts", "--json"}); }
};

TEST_F(ConflictsE2eTest, ALosingConcurrentEditIsListedAndCanBeRestored) {
  for (const char* field : {"a", "b"}) EnrolAndSync(field, "field");
  for (const char* coordinator : {"coordinator", "deputy"})
    EnrolAndSync(coordinator, "coordinator");
  const std::string olena = Id("a", {"persons", "add", "Олена Коваленко", "--phone", "0501111111"});
  Ok("a", {"sync"});
  Ok("b", {"sync"});

  // Offline, each device changes the phone without seeing the other's edit;
  // b's edit is the later one and wins.
  Ok("a", {"persons", "edit", olena, "phone=0502222222"});
  Ok("b", {"persons", "edit", olena, "phone=0503333333"});
  Ok("a", {"sync"});
  Ok("b", {"sync"});
  Ok("a", {"sync"});
  EXPECT_THAT(Ok("a", {"get", "person", olena}), HasSubstr("0503333333"));

  Ok("coordinator", {"sync"});
  json listed = Conflicts("coordinator");
  ASSERT_EQ(listed.size(), 1u) << listed.dump();
  EXPECT_EQ(listed[0]["field"], "phone");
  EXPECT_EQ(listed[0]["community"], "Bilozerka");
  EXPECT_THAT(listed[0]["record_label"].get<std::string>(), HasSubstr("Олена Коваленко"));
  EXPECT_EQ(listed[0]["kept"]["value"], "0503333333");
  EXPECT_EQ(listed[0]["lost"]["value"], "0502222222");
  EXPECT_NE(listed[0]["kept"]["device"], listed[0]["lost"]["device"]);
  const std::string text = Ok("coordinator", {"conflicts"});
  EXPECT_THAT(text, HasSubstr("Олена Коваленко"));
  EXPECT_THAT(text, HasSubstr("lost: 0502222222"));
  // Issue 19 item 10: in the user's terms: the value now, the one that
  // lost, and --keep lost / current (the old theirs / mine still work).
  // Each side by the name its device was enrolled with (issue 19).
  EXPECT_THAT(text, HasSubstr("now: 0503333333  (written on \"b\" ("));
  EXPECT_THAT(text, HasSubstr("lost: 0502222222  (written on \"a\" ("));
  EXPECT_EQ(listed[0]["kept"]["device_name"], "b");
  EXPECT_EQ(listed[0]["lost"]["device_name"], "a");
  EXPECT_THAT(text, HasSubstr("--keep lost"));
  EXPECT_THAT(text, HasSubstr("--keep current"));

  // Field devices never get conflicts, nor may they look.
  EXPECT_EQ(Ok("a", {"list", "conflict"}).find("0502222222"), std::string::npos);
  ToolResult refused = Fails("a", {"conflicts"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err,
            "hromada: Conflicts are for coordinators, and this device is not enrolled as one.\n");
  ToolResult unknown =
      Fails("coordinator", {"conflicts", "resolve", "ffff0000", "--keep", "theirs"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1) << unknown.err;

  const std::string id = listed[0]["id"].get<std::string>().substr(0, 8);
  EXPECT_THAT(Fails("coordinator", {"conflicts", "resolve", id, "--keep", "yours"}).err,
              HasSubstr("--keep is lost (bring back the value that lost) or current"));
  EXPECT_THAT(Ok("coordinator", {"conflicts", "resolve", id, "--keep", "lost"}),
              HasSubstr("0502222222"));
  EXPECT_THAT(Ok("coordinator", {"conflicts"}), HasSubstr("No open conflicts."));
  Ok("coordinator", {"sync"});
  for (const char* device : {"a", "b", "deputy"}) {
    Ok(device, {"sync"});
    EXPECT_THAT(Ok(device, {"get", "person", olena}), HasSubstr("0502222222")) << device;
  }
  EXPECT_TRUE(Conflicts("deputy").empty()) << "resolved on one coordinator, gone on all";
  EXPECT_TRUE(Conflicts("coordinator").empty()) << "the restore itself is no new conflict";
  ToolResult again = Fails("coordinator", {"conflicts", "resolve", id, "--keep", "mine"});
  EXPECT_EQ(again.exit_code, 1);

  // A coordinator made field staff keeps no conflicts.
  EXPECT_THAT(Ok("deputy", {"list", "conflict"}), HasSubstr("0502222222"));
  ASSERT_TRUE(server_->Admin("set-device", {"deputy", "--role", "field"}).ok());
  Ok("deputy", {"sync"});
  EXPECT_EQ(Ok("deputy", {"list", "conflict"}).find("0502222222"), std::string::npos);
}

TEST_F(ConflictsE2eTest, SequentialEditsAreNotListed) {
  EnrolAndSync("a", "field");
  EnrolAndSync("b", "field");
  EnrolAndSync("coordinator", "coordinator");
  const std::string olena = Id("a", {"persons", "add", "Олена Коваленко", "--phone", "0501111111"});
  Ok("a", {"sync"});
  Ok("b", {"sync"});
  Ok("a", {"persons", "edit", olena, "phone=0502222222"});
  Ok("a", {"sync"});
  Ok("b", {"sync"});  // b sees a's edit before its own
  Ok("b", {"persons", "edit", olena, "phone=0503333333"});
  Ok("b", {"sync"});
  Ok("coordinator", {"sync"});
  EXPECT_TRUE(Conflicts("coordinator").empty());
  EXPECT_THAT(Ok("coordinator", {"conflicts"}), HasSubstr("No open conflicts."));
}

}  // namespace
}  // namespace hromada::test
