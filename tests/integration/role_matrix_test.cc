// Who may write and read what, through the real server process: every
// role (field, coordinator, network coordinator) enrolled for Bilozerka
// creates, updates and deletes every kind in its own community and in
// Stanislav's, and then pulls. Each cell has its expected status, written
// out in kWrites below (docs/security.md has the same table in words).
// The records to update and delete are made beforehand by a network
// coordinator enrolled for both communities, a separate set for each role.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
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

using Code = absl::StatusCode;
constexpr Code kOk = Code::kOk;
constexpr Code kDenied = Code::kPermissionDenied;

enum RoleIx { kField, kCoordinator, kNetwork, kRoles };
const char* const kRoleNames[kRoles] = {"field", "coordinator", "network-coordinator"};

// Expected status of a write, per kind: [role][own community, other community].
// Shared kinds have no community: both columns are the same.
struct KindRule {
  const char* kind;
  Code want[kRoles][2];
};
const KindRule kWrites[] = {
    //  kind              field            coordinator      network coordinator
    {"person", {{kOk, kDenied}, {kOk, kDenied}, {kOk, kDenied}}},
    {"meeting", {{kOk, kDenied}, {kOk, kDenied}, {kOk, kDenied}}},
    {"attendance", {{kOk, kDenied}, {kOk, kDenied}, {kOk, kDenied}}},
    {"initiative", {{kOk, kDenied}, {kOk, kDenied}, {kOk, kDenied}}},
    {"survey_response", {{kOk, kDenied}, {kOk, kDenied}, {kOk, kDenied}}},
    {"person_merge", {{kDenied, kDenied}, {kOk, kDenied}, {kOk, kDenied}}},
    {"community", {{kDenied, kDenied}, {kDenied, kDenied}, {kOk, kOk}}},
    {"survey", {{kDenied, kDenied}, {kDenied, kDenied}, {kOk, kOk}}},
};
enum Op { kCreate, kUpdate, kDelete };
const char* const kOpNames[] = {"create", "update", "delete"};

bool Shared(const std::string& kind) { return kind == "community" || kind == "survey"; }

v1::Value Ref(const std::string& id) { return RefTo(id); }

constexpr char kQuestions[] =
    R"([{"id":"safety","type":"rating","text":"Безпечно?","required":false,"min":1,"max":5}])";

class RoleMatrixTest : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    transport_ = *CurlTransport::Create(server_->url());
    own_ = Uuid::Parse(bilozerka_)->bytes();
    other_ = Uuid::Parse(stanislav_)->bytes();
    seeder_ = Enrol("seeder", "Bilozerka,Stanislav", "network-coordinator");
    form_ = Uuid::Parse(SurveyId("matrix", 1))->bytes();
    ASSERT_EQ(Push(seeder_, {Change("survey", "", form_, SurveyFields(1))}),
              std::vector<Code>{kOk});
    // Per community: a person and a meeting that the role's records point at.
    for (const std::string* c : {&own_, &other_}) {
      const std::string person = Uuid::V4().bytes(), meeting = Uuid::V4().bytes();
      ASSERT_EQ(Push(seeder_, {Change("person", *c, person, {{"full_name", Text("Базова")}}),
                               Change("meeting", *c, meeting, {{"date", Text("2025-03-01")}})}),
                std::vector<Code>(2, kOk));
      anchors_[*c] = {person, meeting};
    }
  }

  struct Device {
    std::string token;
    uint64_t seq = 0;
  };

  Device Enrol(const std::string& name, const std::string& communities, const std::string& role) {
    absl::StatusOr<std::string> token = EnrolByHand(*transport_, NewCode(name, communities, role));
    EXPECT_TRUE(token.ok()) << token.status();
    return Device{token.value_or("")};
  }

  // Pushes `changes` in one batch; the status of each (kOk if applied).
  std::vector<Code> Push(Device& device, const std::vector<v1::Record>& changes,
                         std::vector<std::string>* messages = nullptr) {
    absl::StatusOr<v1::PushResponse> pushed =
        PushByHand(*transport_, device.token, changes, device.seq + 1);
    EXPECT_TRUE(pushed.ok()) << pushed.status();
    const v1::PushResponse response = pushed.value_or(v1::PushResponse());
    std::vector<Code> codes(changes.size(), kOk);
    if (messages != nullptr) messages->assign(changes.size(), "");
    for (const v1::Rejection& r : response.rejections()) {
      const size_t i = r.device_seq() - device.seq - 1;
      codes.at(i) = static_cast<Code>(r.code());
      if (messages != nullptr) (*messages)[i] = r.message();
    }
    device.seq += changes.size();
    return codes;
  }

  // Every record the device is sent, as (kind, community id).
  std::set<std::pair<std::string, std::string>> PullAll(const Device& device) {
    std::set<std::pair<std::string, std::string>> seen;
    v1::PullRequest pull;
    CallOptions options;
    options.token = device.token;
    for (int page = 0; page < 100; ++page) {
      absl::StatusOr<std::string> out =
          transport_->Call("Pull", pull.SerializeAsString(), options, nullptr);
      EXPECT_TRUE(out.ok()) << out.status();
      v1::PullResponse response;
      if (!out.ok() || !response.ParseFromString(*out)) break;
      for (const v1::Record& r : response.records()) seen.insert({r.kind(), r.community_id()});
      pull.set_cursor(response.next_cursor());
      if (!response.more()) break;
    }
    return seen;
  }

  v1::Record Change(const std::string& kind, const std::string& community, const std::string& id,
                    std::vector<std::pair<std::string, v1::Value>> fields) {
    return RecordOf(kind, id, Shared(kind) ? "" : community,
                    HlcPack(SystemClock::Get().NowMillis(), ++logical_), std::move(fields));
  }

  std::vector<std::pair<std::string, v1::Value>> SurveyFields(int version) {
    return {{"form", Text("matrix")},
            {"title", Text("Матриця")},
            {"version", Int(version)},
            {"questions", Text(kQuestions)}};
  }

  // A whole new record of `kind` in `community` (its id for a survey is
  // that of a new version).
  v1::Record NewRecord(const std::string& kind, const std::string& community) {
    const auto& [person, meeting] = anchors_[community];
    std::string id = Uuid::V4().bytes();
    std::vector<std::pair<std::string, v1::Value>> fields;
    if (kind == "person") {
      fields = {{"full_name", Text("Олена")}};
    } else if (kind == "meeting") {
      fields = {{"date", Text("2025-04-01")}};
    } else if (kind == "attendance") {
      // Another person each time, so the derived attendance is new too.
      const std::string p = Uuid::V4().bytes();
      EXPECT_EQ(Push(seeder_, {Change("person", community, p, {{"full_name", Text("Гість")}})}),
                std::vector<Code>{kOk});
      fields = {{"meeting", Ref(meeting)}, {"person", Ref(p)}};
    } else if (kind == "initiative") {
      fields = {{"title", Text("Укриття")}, {"status", Text("proposed")}};
    } else if (kind == "survey_response") {
      fields = {{"survey", Ref(form_)},
                {"survey_version", Int(1)},
                {"date", Text("2025-04-02")},
                {"answers", Text(R"({"safety":3})")}};
    } else if (kind == "person_merge") {
      const std::string twin = Uuid::V4().bytes();
      EXPECT_EQ(
          Push(seeder_, {Change("person", community, twin, {{"full_name", Text("Двійник")}})}),
          std::vector<Code>{kOk});
      fields = {{"person", Ref(twin)}, {"same_as", Ref(person)}};
    } else if (kind == "community") {
      fields = {{"name_uk", Text("Нова")}, {"name_latin", Text("Nova")}};
    } else if (kind == "survey") {
      fields = SurveyFields(++survey_version_);
      id = Uuid::Parse(SurveyId("matrix", survey_version_))->bytes();
    }
    return Change(kind, community, id, fields);
  }

  // A change to one field of `base` that a kind allows.
  v1::Record Update(const v1::Record& base) {
    static const std::map<std::string, std::pair<std::string, v1::Value>> kEdit = {
        {"person", {"full_name", Text("Перейменована")}},
        {"meeting", {"notes", Text("змінено")}},
        {"attendance", {"role", Text("speaker")}},
        {"initiative", {"notes", Text("змінено")}},
        {"survey_response", {"date", Text("2025-04-03")}},
        {"person_merge", {"same_as", Ref("")}},  // set below
        {"community", {"name_latin", Text("Renamed")}},
        {"survey", {"title", Text("Інша назва")}},
    };
    auto edit = kEdit.at(base.kind());
    if (base.kind() == "person_merge") edit.second = Ref(anchors_[base.community_id()].first);
    return Change(base.kind(), base.community_id(), base.id(), {edit});
  }

  v1::Record Delete(const v1::Record& base) {
    v1::Record r = Change(base.kind(), base.community_id(), base.id(), {});
    r.set_deleted_hlc(r.hlc());
    return r;
  }

  std::unique_ptr<CurlTransport> transport_;
  std::string own_, other_, form_;
  Device seeder_;
  std::map<std::string, std::pair<std::string, std::string>> anchors_;  // person, meeting
  uint32_t logical_ = 0;
  int survey_version_ = 1;
};

TEST_F(RoleMatrixTest, EveryRoleKindCommunityAndOperation) {
  for (int role = 0; role < kRoles; ++role) {
    Device device = Enrol(kRoleNames[role], "Bilozerka", kRoleNames[role]);
    for (const KindRule& rule : kWrites) {
      for (bool own : {true, false}) {
        const std::string& community = own ? own_ : other_;
        // The records this role updates and deletes, made by the seeder.
        const v1::Record to_update = NewRecord(rule.kind, community);
        const v1::Record to_delete = NewRecord(rule.kind, community);
        std::vector<std::string> why;
        ASSERT_EQ(Push(seeder_, {to_update, to_delete}, &why), std::vector<Code>(2, kOk))
            << rule.kind << (own ? " own" : " other") << ": " << why[0];
        const v1::Record changes[] = {NewRecord(rule.kind, community), Update(to_update),
                                      Delete(to_delete)};
        for (int op = kCreate; op <= kDelete; ++op) {
          std::vector<std::string> messages;
          const std::vector<Code> got = Push(device, {changes[op]}, &messages);
          const Code want = rule.want[role][own ? 0 : 1];
          EXPECT_EQ(got[0], want) << kRoleNames[role] << " " << kOpNames[op] << " " << rule.kind
                                  << " in " << (own ? "its own" : "another")
                                  << " community: " << messages[0];
          // A refusal names no other community's id.
          EXPECT_EQ(messages[0].find(stanislav_), std::string::npos) << messages[0];
        }
      }
    }
    // Pull: its own community's records and the shared kinds, nothing else.
    for (const auto& [kind, community] : PullAll(device)) {
      if (Shared(kind)) {
        EXPECT_TRUE(community.empty()) << kind;
      } else {
        EXPECT_EQ(community, own_)
            << kRoleNames[role] << " was sent a " << kind << " of another community";
      }
    }
    std::set<std::string> kinds;
    for (const auto& [kind, community] : PullAll(device)) kinds.insert(kind);
    for (const KindRule& rule : kWrites) {
      EXPECT_TRUE(kinds.count(rule.kind)) << kRoleNames[role] << " was not sent " << rule.kind;
    }
  }
}

// The attacks of issue 10, by name.
TEST_F(RoleMatrixTest, BilozerkaCoordinatorCannotRenameStanislavOrMergeItsPersons) {
  Device coordinator = Enrol("bilozerka-coordinator", "Bilozerka", "coordinator");
  v1::Record rename = Change("community", "", other_, {{"name_latin", Text("Hacked")}});
  std::vector<std::string> messages;
  EXPECT_EQ(Push(coordinator, {rename}, &messages), std::vector<Code>{kDenied});
  EXPECT_EQ(messages[0].find(stanislav_), std::string::npos) << messages[0];

  const std::string twin = Uuid::V4().bytes();
  ASSERT_EQ(Push(seeder_, {Change("person", other_, twin, {{"full_name", Text("Двійник")}})}),
            std::vector<Code>{kOk});
  v1::Record merge = Change("person_merge", other_, Uuid::V4().bytes(),
                            {{"person", Ref(twin)}, {"same_as", Ref(anchors_[other_].first)}});
  EXPECT_EQ(Push(coordinator, {merge}, &messages), std::vector<Code>{kDenied});
  EXPECT_EQ(messages[0].find(stanislav_), std::string::npos) << messages[0];
}

}  // namespace
}  // namespace hromada::test
