// The audit log through the real server process and `hromada-server admin
// audit`: enrolments (good and failed), a merge, a form publication and
// refused pushes are there, filtered by device and day, and nothing
// personal is (names, codes, tokens).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"
#include "shared/forms/survey.h"
#include "shared/sync/hlc.h"
#include "tests/integration/by_hand.h"
#include "tests/integration/fixture.h"
#include "tests/unit/record_builders.h"

namespace hromada::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class AuditTest : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    transport_ = *CurlTransport::Create(server_->url());
  }

  // Enrols with `code`; the token, or "" if refused.
  std::string Enrol(const std::string& code) { return EnrolByHand(*transport_, code).value_or(""); }

  absl::StatusOr<v1::PushResponse> TryPush(const std::string& token,
                                           const std::vector<v1::Record>& changes) {
    return PushByHand(*transport_, token, changes);
  }

  v1::PushResponse Push(const std::string& token, const std::vector<v1::Record>& changes) {
    absl::StatusOr<v1::PushResponse> response = TryPush(token, changes);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::PushResponse();
  }

  // Restarts the server on the same database and port; with `crash_point`,
  // it kills itself there in its first push (server/sync/push.h).
  void RestartServer(const std::string& crash_point) {
    const int port = server_->port();
    server_->Stop().IgnoreError();  // a crashed run did not end with 0
    ServerOptions options;
    options.db_path = server_->db_path();
    options.work_dir = dir_.path();
    options.port = port;
    if (!crash_point.empty()) options.env = {{"HROMADA_TEST_CRASH", crash_point}};
    absl::StatusOr<std::unique_ptr<ServerProcess>> s = ServerProcess::Start(options);
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = *std::move(s);
    transport_ = *CurlTransport::Create(server_->url());
  }

  int PushRefusedEntries() {
    int n = 0;
    for (const json& e : Audit({})) n += e["event"] == "push_refused";
    return n;
  }

  v1::Record Change(const std::string& kind, const std::string& community,
                    std::vector<std::pair<std::string, v1::Value>> fields,
                    std::string id = Uuid::V4().bytes()) {
    return RecordOf(kind, id, community.empty() ? "" : Uuid::Parse(community)->bytes(),
                    HlcPack(SystemClock::Get().NowMillis(), ++logical_), std::move(fields));
  }
  static v1::Value Ref(const std::string& id) { return RefTo(id); }

  json Audit(const std::vector<std::string>& args) {
    std::vector<std::string> all = args;
    all.push_back("--json");
    absl::StatusOr<std::string> out = server_->Admin("audit", all);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? json::parse(*out) : json::array();
  }

  std::unique_ptr<CurlTransport> transport_;
  uint32_t logical_ = 0;
};

TEST_F(AuditTest, RecordsEachEventWithoutPersonalData) {
  const std::string coordinator_code = NewCode("coord", "Bilozerka", "coordinator");
  const std::string coordinator = Enrol(coordinator_code);
  ASSERT_FALSE(coordinator.empty());
  EXPECT_TRUE(Enrol("WRNG-CODE-XXXX").empty());
  const std::string network = Enrol(NewCode("net", "Bilozerka", "network-coordinator"));
  const std::string field = Enrol(NewCode("field", "Bilozerka", "field"));

  const v1::Record a = Change("person", bilozerka_, {{"full_name", Text("Олена Секретна")}});
  const v1::Record b = Change("person", bilozerka_, {{"full_name", Text("Олена Секретна")}});
  const v1::Record merge =
      Change("person_merge", bilozerka_, {{"person", Ref(b.id())}, {"same_as", Ref(a.id())}});
  EXPECT_EQ(Push(coordinator, {a, b, merge}).rejections_size(), 0);
  v1::Value version;
  version.set_integer(1);
  const v1::Record form = Change(
      "survey", "",
      {{"form", Text("needs")},
       {"title", Text("Потреби")},
       {"version", version},
       {"questions",
        Text(R"([{"id":"q","type":"rating","text":"?","required":false,"min":1,"max":5}])")}},
      Uuid::Parse(SurveyId("needs", 1))->bytes());
  EXPECT_EQ(Push(network, {form}).rejections_size(), 0);
  // Refused: a field device's merge, twice, and a name with ESC.
  EXPECT_EQ(
      Push(field,
           {Change("person_merge", bilozerka_, {{"person", Ref(a.id())}, {"same_as", Ref(b.id())}}),
            Change("person_merge", bilozerka_, {{"person", Ref(b.id())}, {"same_as", Ref(a.id())}}),
            Change("person", bilozerka_, {{"full_name", Text("Секретна\x1b[2J")}})})
          .rejections_size(),
      3);

  const json log = Audit({});
  std::map<std::string, int> events;
  for (const json& e : log) ++events[e["event"].get<std::string>()];
  EXPECT_EQ(events["enrol"], 3);
  EXPECT_EQ(events["enrol_failed"], 1);
  EXPECT_EQ(events["merge"], 1);
  EXPECT_EQ(events["form_published"], 1);
  EXPECT_EQ(events["push_refused"], 2) << log.dump() << " (one per reason)";
  const std::string text = log.dump();
  EXPECT_THAT(text, HasSubstr("count=2"));
  EXPECT_THAT(text, HasSubstr("code=PERMISSION_DENIED kind=person_merge"));
  EXPECT_THAT(text, HasSubstr("code=INVALID_ARGUMENT kind=person field=full_name count=1"));
  for (const std::string& secret :
       {std::string("Секретна"), coordinator_code, std::string("WRNG"), coordinator, field}) {
    EXPECT_THAT(text, Not(HasSubstr(secret)));
  }

  // By device and by day.
  std::string field_id;
  for (const json& e : log) {
    if (e["event"] == "push_refused") field_id = e["device_id"];
  }
  const json mine = Audit({"--device", field_id});
  EXPECT_EQ(mine.size(), 3u);  // its enrolment and two refusal reasons
  EXPECT_EQ(Audit({"--device", "field"}), mine) << "a device is also its name";
  EXPECT_EQ(Audit({"--device", " FIELD "}), mine) << "as typed: any case, spaces";
  EXPECT_FALSE(server_->Admin("audit", {"--device", "nobody"}).ok());
  EXPECT_TRUE(Audit({"--since", "2999-01-01"}).empty());
  EXPECT_EQ(Audit({"--since", "2000-01-01"}).size(), log.size());
  absl::StatusOr<std::string> plain = server_->Admin("audit", {});
  ASSERT_TRUE(plain.ok());
  EXPECT_THAT(*plain, HasSubstr("form published"));
  EXPECT_THAT(*plain, HasSubstr(" (coord)  ")) << "the device's name beside its id";

  // Issue 19 item 10: a withdrawn form is said in words.
  v1::Record withdrawn = Change("survey", "", {}, form.id());
  withdrawn.set_deleted_hlc(withdrawn.hlc());
  absl::StatusOr<v1::PushResponse> pushed =
      PushByHand(*transport_, network, {withdrawn}, /*first_seq=*/2);
  ASSERT_TRUE(pushed.ok()) << pushed.status();
  EXPECT_EQ(pushed->rejections_size(), 0);
  plain = server_->Admin("audit", {});
  ASSERT_TRUE(plain.ok());
  EXPECT_THAT(*plain, HasSubstr("form withdrawn"));
  EXPECT_THAT(*plain, Not(HasSubstr("deleted=1")));
  EXPECT_THAT(*plain, HasSubstr("role=network-coordinator"));  // not the enum's number
  EXPECT_THAT(*plain, Not(HasSubstr("role=3")));
}

// A refused push's entry is written in the push's transaction: a server
// killed before the commit keeps none, one killed after it keeps one, and
// the device's retry (its answer was lost) adds no second.
TEST_F(AuditTest, AKilledServerNeitherLosesNorRepeatsARefusedPushsEntry) {
  const std::string field = Enrol(NewCode("field", "Bilozerka", "field"));
  const std::vector<v1::Record> refused = {
      Change("person", bilozerka_, {{"full_name", Text("Ім'я\x1b[2J")}})};
  for (const std::string point : {"push-before-commit", "push-after-commit"}) {
    RestartServer(point);
    EXPECT_FALSE(TryPush(field, refused).ok()) << point;
    ASSERT_TRUE(server_->WaitForExit(absl::Seconds(10))) << point;
    RestartServer("");
    EXPECT_EQ(PushRefusedEntries(), point == "push-before-commit" ? 0 : 1) << point;
  }
  EXPECT_EQ(Push(field, refused).rejections_size(), 1) << "the retry is told again";
  EXPECT_EQ(PushRefusedEntries(), 1) << "but it is audited once";
}

}  // namespace
}  // namespace hromada::test
