// The one apply rule over the real server process and real clients:
//  - a delete and an offline edit made after it end in one state on both
//    devices, the server and a fresh device, in either sync order;
//  - a tampered device's changes that name another community's records,
//    or records that do not exist, are refused one by one with the field
//    named, the valid ones beside them applied, and the other community's
//    report unchanged;
//  - a change the server refuses is undone on the device that made it.
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/sqlite.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "tests/integration/fixture.h"
#include "tests/unit/record_builders.h"

namespace hromada::test {
namespace {

class ApplyRuleTest : public SyncFixture {
 protected:
  std::string DumpOf(Client& client, const std::string& kind, const std::string& id) {
    absl::StatusOr<std::optional<RecordView>> r = client.Get(kind, id);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || !r->has_value()) return "<none>";
    return Dump(**r);
  }

  void SyncOk(Client& client) {
    absl::StatusOr<SyncReport> r = client.Sync();
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->rejected, 0u);
  }

  // The delete-then-edit scenario of issue 7; `a_first` picks the order.
  void DeleteThenEdit(bool a_first) {
    const std::string tag = a_first ? "a-first" : "b-first";
    auto a = NewDevice("a-" + tag, "Bilozerka");
    auto b = NewDevice("b-" + tag, "Bilozerka");
    const std::string p =
        *a->Put("person", "", bilozerka_, {{"full_name", std::string("Olena Repro")}});
    const absl::Time start = absl::Now();
    SyncOk(*a);
    SyncOk(*b);
    const absl::Duration syncs = absl::Now() - start;
    ASSERT_TRUE(a->Delete("person", p).ok());
    // The edit comes later in real time, by more than the devices' clocks
    // can disagree: each dates its edits by the offset it measured at its
    // handshake, which is only known to within half that call's round trip.
    // Both syncs took longer than both round trips (and a loaded machine
    // can stretch a round trip to seconds; 5 ms here was flaky).
    absl::SleepFor(std::max(absl::Seconds(1), syncs));
    ASSERT_TRUE(b->Put("person", p, "", {{"phone", std::string("+380501112233")}}).ok());
    Client& first = a_first ? *a : *b;
    Client& second = a_first ? *b : *a;
    SyncOk(first);
    SyncOk(second);
    SyncOk(first);
    auto fresh = NewDevice("fresh-" + tag, "Bilozerka");
    SyncOk(*fresh);
    const std::string want =
        absl::StrCat("person/", p, ":full_name=Olena Repro;phone=+380501112233;");
    EXPECT_EQ(DumpOf(*a, "person", p), want) << tag;
    EXPECT_EQ(DumpOf(*b, "person", p), want) << tag;
    EXPECT_EQ(DumpOf(*fresh, "person", p), want) << tag;
    // The record is whole again, so it can be edited and found.
    ASSERT_TRUE(a->Put("person", p, "", {{"notes", std::string("back")}}).ok());
    SyncOk(*a);
  }
};

TEST_F(ApplyRuleTest, DeleteThenOfflineEditConvergesWhenTheDeleteSyncsFirst) {
  DeleteThenEdit(true);
}

TEST_F(ApplyRuleTest, DeleteThenOfflineEditConvergesWhenTheEditSyncsFirst) {
  DeleteThenEdit(false);
}

// A device whose software was altered pushes what the client library
// would never write; the server holds the rule on its own.
class TamperedDeviceTest : public ApplyRuleTest {
 protected:
  void SetUp() override {
    ApplyRuleTest::SetUp();
    transport_ = *CurlTransport::Create(server_->url());
    v1::EnrolRequest enrol;
    enrol.set_code(NewCode("tampered", "Bilozerka", "coordinator"));
    enrol.set_protocol_version(1);
    v1::EnrolResponse response;
    ASSERT_TRUE(Call("Enrol", enrol, &response).ok());
    token_ = response.token();
  }

  template <typename Req, typename Resp>
  absl::Status Call(const std::string& method, const Req& req, Resp* resp) {
    CallOptions options;
    options.token = token_;
    absl::StatusOr<std::string> out =
        transport_->Call(method, req.SerializeAsString(), options, nullptr);
    if (!out.ok()) return out.status();
    return resp->ParseFromString(*out) ? absl::OkStatus() : absl::InternalError("bad response");
  }

  v1::Record Change(const std::string& kind, const std::string& community,
                    std::vector<std::pair<std::string, v1::Value>> fields,
                    const std::string& id = Uuid::V4().bytes()) {
    return RecordOf(kind, id, Uuid::Parse(community)->bytes(),
                    HlcPack(SystemClock::Get().NowMillis(), ++logical_), std::move(fields));
  }
  static v1::Value Ref(const std::string& id) { return RefTo(Uuid::Parse(id)->bytes()); }
  static v1::Value Ref(const v1::Record& r) { return RefTo(r.id()); }

  std::unique_ptr<Transport> transport_;
  std::string token_;
  uint32_t logical_ = 0;
};

TEST_F(TamperedDeviceTest, CrossCommunityAndMissingReferencesAreRefusedOneByOne) {
  // Stanislav's own records, written by its coordinator.
  auto stanislav = NewDevice("stanislav", "Stanislav", "coordinator");
  const std::string meeting =
      *stanislav->Put("meeting", "", stanislav_, {{"date", std::string("2024-05-01")}});
  const std::string s1 =
      *stanislav->Put("person", "", stanislav_, {{"full_name", std::string("Іван Бондар")}});
  const std::string s2 =
      *stanislav->Put("person", "", stanislav_, {{"full_name", std::string("Ivan Bondar")}});
  ASSERT_TRUE(stanislav
                  ->Put("attendance", "", stanislav_,
                        {{"meeting", hromada::Ref{meeting}}, {"person", hromada::Ref{s1}}})
                  .ok());
  SyncOk(*stanislav);
  const absl::StatusOr<std::string> before =
      server_->Admin("report", {"--community", "Stanislav", "--format", "json"});
  ASSERT_TRUE(before.ok()) << before.status();

  // The tampered Bilozerka coordinator's batch.
  const v1::Record own_person = Change("person", bilozerka_, {{"full_name", Text("Олена")}});
  const v1::Record own_meeting = Change("meeting", bilozerka_, {{"date", Text("2024-05-02")}});
  v1::PushRequest push;
  push.set_first_seq(1);
  *push.add_changes() = own_person;                       // 1 ok
  *push.add_changes() = own_meeting;                      // 2 ok
  *push.add_changes() = Change("attendance", bilozerka_,  // 3
                               {{"meeting", Ref(meeting)}, {"person", Ref(own_person)}});
  *push.add_changes() =
      Change("attendance", bilozerka_,  // 4
             {{"meeting", Ref(own_meeting)}, {"person", Ref(Uuid::V4().ToString())}});
  *push.add_changes() = Change("person_merge", bilozerka_,  // 5
                               {{"person", Ref(s1)}, {"same_as", Ref(s2)}});
  *push.add_changes() = Change("attendance", bilozerka_,  // 6 ok
                               {{"meeting", Ref(own_meeting)}, {"person", Ref(own_person)}});
  v1::PushResponse response;
  ASSERT_TRUE(Call("Push", push, &response).ok());
  EXPECT_EQ(response.acked_through(), 6u);
  ASSERT_EQ(response.rejections_size(), 3);
  const std::vector<std::pair<uint64_t, std::string>> want = {
      {3, "meeting"}, {4, "person"}, {5, "person"}};
  for (int i = 0; i < 3; ++i) {
    const v1::Rejection& r = response.rejections(i);
    EXPECT_EQ(r.device_seq(), want[i].first);
    EXPECT_EQ(r.field(), want[i].second) << r.message();
    EXPECT_EQ(r.code(), static_cast<uint32_t>(absl::StatusCode::kInvalidArgument));
    EXPECT_EQ(r.message().find(Uuid::Parse(stanislav_)->ToString()), std::string::npos)
        << "a refusal never names another community: " << r.message();
    EXPECT_TRUE(r.state_known());
    EXPECT_FALSE(r.has_server_state()) << "nothing of it exists here";
  }

  // Stanislav's report is what it was; Bilozerka's has the valid ones.
  const absl::StatusOr<std::string> after =
      server_->Admin("report", {"--community", "Stanislav", "--format", "json"});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*before, *after);
  auto reader = NewDevice("reader", "Bilozerka");
  SyncOk(*reader);
  EXPECT_EQ(reader->List("attendance")->size(), 1u);
  EXPECT_EQ(reader->List("person_merge")->size(), 0u);
  EXPECT_EQ(reader->List("person")->size(), 1u);
}

TEST_F(ApplyRuleTest, ARefusedChangeIsUndoneOnTheDeviceAndKeptInRejected) {
  auto device = NewDevice("field", "Bilozerka");
  const std::string p1 =
      *device->Put("person", "", bilozerka_, {{"full_name", std::string("Олена Петренко")}});
  const std::string p2 =
      *device->Put("person", "", bilozerka_, {{"full_name", std::string("Olena Petrenko")}});
  SyncOk(*device);
  // Altered so that it believes it is a coordinator: its own check passes,
  // the server's does not.
  {
    auto db = sql::Db::Open(dir_.Path("field.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("UPDATE settings SET value = 2 WHERE key = 'role'").ok());
  }
  device.reset();
  device = *OpenClient(dir_.Path("field.db"), WithTestKey());
  const absl::StatusOr<std::string> merge =
      device->Put("person_merge", "", bilozerka_,
                  {{"person", hromada::Ref{p1}}, {"same_as", hromada::Ref{p2}}});
  ASSERT_TRUE(merge.ok()) << merge.status();
  ASSERT_TRUE(device->Put("person", p1, "", {{"phone", std::string("+380501112233")}}).ok());
  absl::StatusOr<SyncReport> report = device->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rejected, 1u);
  EXPECT_EQ(DumpOf(*device, "person_merge", *merge), "<none>") << "undone";
  EXPECT_EQ(DumpOf(*device, "person", p1),
            absl::StrCat("person/", p1, ":full_name=Олена Петренко;phone=+380501112233;"));
  absl::StatusOr<std::vector<RejectedChange>> rejected = device->Rejected();
  ASSERT_TRUE(rejected.ok());
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ((*rejected)[0].kind, "person_merge");
}

}  // namespace
}  // namespace hromada::test
