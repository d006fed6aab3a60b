// The real `hromada` binary against a real hromada-server: two field
// devices work offline (persons, a meeting, attendance; the same person
// marked on both), a coordinator publishes a survey, and after sync every
// device agrees and the coordinator sees everything.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/integration/cli_fixture.h"
#include "tests/support/sample_form.h"

namespace hromada::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* kForm = kNeedsFormYaml;

class CliE2eTest : public CliFixture {};

TEST_F(CliE2eTest, FieldDevicesOfflineThenTheCoordinatorSeesEverything) {
  Enrol("a", "Bilozerka");
  Enrol("b", "Bilozerka");
  // Publishes the form too, so a network coordinator (docs/security.md).
  Enrol("coordinator", "Bilozerka,Stanislav", "network-coordinator");
  Ok("a", {"sync"});  // the communities, by name
  const std::string olena =
      Id("a", {"persons", "add", "--community", "Білозерка", "Олена Коваленко", "--idp"});
  const std::string meeting = Id("a", {"meetings", "new", "--date", "2024-05-01"});
  Ok("a", {"sync"});
  Ok("b", {"sync"});

  // No server now: both devices keep working.
  ASSERT_TRUE(server_->Stop().ok());
  const std::string ivan = Id("a", {"persons", "add", "Іван Бондар"});
  Ok("a", {"attendance", "mark", meeting, olena, ivan});
  const std::string petro = Id("b", {"persons", "add", "Petro Shevchuk"});
  Ok("b", {"attendance", "mark", meeting.substr(0, 8), "olena", "Petro"});
  absl::StatusOr<ToolResult> offline = Hromada("b", {"sync"});
  ASSERT_TRUE(offline.ok());
  EXPECT_EQ(offline->exit_code, 2) << offline->err;
  ASSERT_TRUE(server_->Restart().ok());

  // The coordinator publishes a form; device a answers it.
  const std::string form = dir_.Path("needs.yaml");
  std::ofstream(form) << kForm;
  EXPECT_THAT(Ok("coordinator", {"surveys", "publish", form}), HasSubstr("Published needs"));
  Ok("coordinator", {"sync"});
  for (const char* device : {"a", "b", "a"}) Ok(device, {"sync"});
  const std::string answers = dir_.Path("answers.json");
  std::ofstream(answers) << R"({"top_needs": ["water", "shelter"], "safety": 2})";
  Ok("a", {"surveys", "fill", "needs", "--respondent", "Олена", "--from-json", answers});
  Ok("a", {"sync"});
  Ok("coordinator", {"sync"});

  json meetings = Json("coordinator", {"meetings", "list", "--json"});
  ASSERT_EQ(meetings.size(), 1u) << meetings.dump();
  EXPECT_EQ(meetings[0]["attendance"], 3) << "Олена, marked on both devices, counts once";
  EXPECT_EQ(Json("b", {"meetings", "list", "--json"})[0]["attendance"], 3);
  const std::string roster = Ok("coordinator", {"meetings", "show", meeting});
  for (const std::string& id : {olena, ivan, petro}) EXPECT_THAT(roster, HasSubstr(id));
  EXPECT_THAT(Ok("coordinator", {"list", "survey_response"}), HasSubstr("state=final"));
  json report = Json("coordinator", {"report", "--format", "json"});
  EXPECT_EQ(report["meetings"], 1) << report.dump();
  EXPECT_EQ(report["attendances"], 3);
  EXPECT_EQ(report["survey_responses"], 1);
}

TEST_F(CliE2eTest, AFieldDeviceCannotPublishAndSaysSoInOneSentence) {
  Enrol("a", "Bilozerka");
  const std::string form = dir_.Path("needs.yaml");
  std::ofstream(form) << kForm;
  absl::StatusOr<ToolResult> r = Hromada("a", {"surveys", "publish", form});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_EQ(r->err, "hromada: Only a network coordinator may change survey records.\n");
}

}  // namespace
}  // namespace hromada::test
