// ApplyPush and ReadPull on a real SQLite file: dedup, gaps, per-change
// refusals, scope.
#include "server/sync/push.h"

#include <gtest/gtest.h>

#include "server/admin/admin.h"
#include "server/admin/audit.h"
#include "server/sync/pull.h"
#include "server/sync/pull_rules.h"
#include "shared/base/uuid.h"
#include "shared/forms/survey.h"
#include "shared/sync/hlc.h"
#include "tests/server/test_records.h"
#include "tests/support/sample_form.h"
#include "tests/unit/record_builders.h"

namespace hromada::server {
namespace {

using testing::NewId;
using testing::PersonChange;

constexpr int64_t kNow = 1'800'000'000'000;

v1::PullResponse Parsed(const std::string& bytes) {
  v1::PullResponse response;
  EXPECT_TRUE(response.ParseFromString(bytes));
  return response;
}

class PushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *SqliteStore::Open(testing::TempDbPath("push"));
    community_a_ = *AddCommunity(*store_, clock_, {"Білозерка", "Bilozerka", "", ""});
    community_b_ = *AddCommunity(*store_, clock_, {"Станіслав", "Stanislav", "", ""});
    field_ = MakeDevice("field", v1::ROLE_FIELD, {"Bilozerka"});
    // Publishes forms and edits communities too (docs/security.md).
    coordinator_ = MakeDevice("coord", v1::ROLE_NETWORK_COORDINATOR, {"Bilozerka", "Stanislav"});
    reader_ = MakeDevice("reader", v1::ROLE_FIELD, {"Bilozerka"});
  }

  Device MakeDevice(const std::string& name, v1::Role role, std::vector<std::string> c) {
    return testing::AddTestDevice(*store_, clock_, name, role, std::move(c));
  }

  absl::StatusOr<v1::PushResponse> Push(const Device& d, uint64_t first,
                                        std::vector<v1::Record> changes,
                                        const CrashPoint& crash_point = nullptr,
                                        PushCounts* counts = nullptr) {
    v1::PushRequest req;
    req.set_first_seq(first);
    for (auto& c : changes) *req.add_changes() = std::move(c);
    return ApplyPush(*store_, d, req, {kNow, 60000}, crash_point, counts);
  }

  // The audit log's push_refused details, in order.
  std::vector<std::string> Refusals() {
    absl::StatusOr<std::vector<AuditEntry>> log = store_->ReadAudit({});
    EXPECT_TRUE(log.ok()) << log.status();
    std::vector<std::string> out;
    if (!log.ok()) return out;
    for (const AuditEntry& e : *log) {
      if (e.event == audit::kPushRefused) out.push_back(e.detail);
    }
    return out;
  }

  std::vector<v1::Record> PullAll(const Device& d, uint64_t cursor = 0) {
    std::vector<v1::Record> out;
    v1::PullRequest req;
    req.set_cursor(cursor);
    for (;;) {
      v1::PullResponse page = Parsed(*ReadPull(*store_, d, req, 1 << 20, kNow));
      for (const auto& r : page.records()) out.push_back(r);
      req.set_cursor(page.next_cursor());
      if (!page.more()) break;
    }
    return out;
  }

  ManualClock clock_{kNow};
  std::unique_ptr<SqliteStore> store_;
  std::string community_a_, community_b_;
  Device field_, coordinator_, reader_;
};

TEST_F(PushTest, AppliesAndAcksABatch) {
  auto r = Push(field_, 1,
                {PersonChange(NewId(), community_a_, kNow, "Олена"),
                 PersonChange(NewId(), community_a_, kNow, "Петро")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->acked_through(), 2u);
  EXPECT_EQ(r->rejections_size(), 0);
  // Two communities (shared with everyone) + two persons.
  EXPECT_EQ(PullAll(reader_).size(), 4u);
}

TEST_F(PushTest, RetriedPushIsANoOpThatStillAcks) {
  const std::string id = NewId();
  ASSERT_TRUE(Push(field_, 1, {PersonChange(id, community_a_, kNow, "Олена")}).ok());
  const uint64_t cursor = SelectPullPage(*store_, ReadScopeOf(reader_), 0, 1 << 20)->next_cursor;
  auto again = Push(field_, 1, {PersonChange(id, community_a_, kNow + 5, "Інше ім'я")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->acked_through(), 1u);
  EXPECT_TRUE(PullAll(reader_, cursor).empty()) << "a duplicate must not change anything";
}

TEST_F(PushTest, GapIsRefusedAndChangesNothing) {
  auto r = Push(field_, 3, {PersonChange(NewId(), community_a_, kNow, "Олена")});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("through 0"), std::string::npos) << r.status();
  EXPECT_EQ(PullAll(field_).size(), 2u) << "only the two communities";
}

TEST_F(PushTest, BadChangesAreRefusedOneByOneAndTheRestApplies) {
  v1::Record bad_utf8 = PersonChange(NewId(), community_a_, kNow, std::string("\xff\xfe", 2));
  v1::Record unknown_kind = PersonChange(NewId(), community_a_, kNow, "X");
  unknown_kind.set_kind("spaceship");
  v1::Record future = PersonChange(NewId(), community_a_, kNow + 3'600'000, "Майбутній");
  v1::Record outside = PersonChange(NewId(), community_b_, kNow, "Чужий");
  const std::string good_id = NewId();
  auto r = Push(field_, 1,
                {bad_utf8, PersonChange(good_id, community_a_, kNow, "Добрий"), unknown_kind,
                 future, outside});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->acked_through(), 5u);
  ASSERT_EQ(r->rejections_size(), 4);
  EXPECT_EQ(r->rejections(0).device_seq(), 1u);
  EXPECT_EQ(r->rejections(0).field(), "full_name");
  EXPECT_EQ(r->rejections(0).code(), static_cast<uint32_t>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(r->rejections(1).device_seq(), 3u);
  EXPECT_EQ(r->rejections(1).field(), "kind");
  EXPECT_EQ(r->rejections(2).device_seq(), 4u);
  EXPECT_EQ(r->rejections(2).code(), static_cast<uint32_t>(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(r->rejections(3).device_seq(), 5u);
  EXPECT_EQ(r->rejections(3).code(), static_cast<uint32_t>(absl::StatusCode::kPermissionDenied));
  std::vector<v1::Record> seen = PullAll(coordinator_);
  int persons = 0;
  for (const auto& rec : seen) persons += rec.kind() == "person";
  EXPECT_EQ(persons, 1);
}

TEST_F(PushTest, OnlyCoordinatorsWriteSharedKinds) {
  v1::Record community;
  community.set_kind("community");
  community.set_id(NewId());
  community.set_hlc(HlcPack(kNow, 0));
  for (auto [n, v] : {std::pair{"name_uk", "Нова"}, {"name_latin", "Nova"}}) {
    v1::Field* f = community.add_fields();
    f->set_name(n);
    f->mutable_value()->set_text(v);
  }
  auto r = Push(field_, 1, {community});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rejections_size(), 1);
  EXPECT_EQ(r->rejections(0).code(), static_cast<uint32_t>(absl::StatusCode::kPermissionDenied));
  r = Push(coordinator_, 1, {community});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rejections_size(), 0);
  EXPECT_EQ(PullAll(field_).size(), 3u) << "shared records reach every device";
  EXPECT_EQ(PullAll(field_, 0).back().kind(), "community");
}

TEST_F(PushTest, DevicesReadOnlyTheirCommunities) {
  ASSERT_TRUE(Push(coordinator_, 1, {PersonChange(NewId(), community_b_, kNow, "Чужий")}).ok());
  for (const v1::Record& r : PullAll(field_)) EXPECT_NE(r.community_id(), community_b_);
  EXPECT_EQ(PullAll(reader_).size(), 2u);
  EXPECT_EQ(PullAll(coordinator_).size(), 2u) << "the coordinator is not sent its own writes";
}

TEST_F(PushTest, ADeviceIsNotSentWhatOnlyItWrote) {
  const std::string id = NewId();
  ASSERT_TRUE(Push(field_, 1, {PersonChange(id, community_a_, kNow, "Олена")}).ok());
  EXPECT_EQ(PullAll(field_).size(), 2u) << "only the communities";
  v1::Record edit = PersonChange(id, community_a_, kNow + 1, "Олена");
  edit.mutable_fields(0)->set_name("phone");
  ASSERT_TRUE(Push(coordinator_, 1, {edit}).ok());
  std::vector<v1::Record> after = PullAll(field_);
  ASSERT_EQ(after.size(), 3u) << "someone else wrote to it: now it comes";
  EXPECT_EQ(after.back().fields_size(), 2);
}

TEST_F(PushTest, PullIsByteBoundedAndResumesFromItsCursor) {
  std::vector<v1::Record> batch;
  for (int i = 0; i < 200; ++i) batch.push_back(PersonChange(NewId(), community_a_, kNow, "Ім'я"));
  ASSERT_TRUE(Push(field_, 1, batch).ok());
  v1::PullRequest req;
  req.set_max_bytes(2000);
  v1::PullResponse first = Parsed(*ReadPull(*store_, reader_, req, 1 << 20, kNow));
  EXPECT_TRUE(first.more());
  EXPECT_GT(first.records_size(), 5);
  EXPECT_LT(first.records_size(), 60);
  EXPECT_EQ(PullAll(reader_, first.next_cursor()).size() + first.records_size(), 202u);
}

TEST_F(PushTest, LaterWriteWinsPerFieldAndTheRecordIsSentOnce) {
  const std::string id = NewId();
  v1::Record a = PersonChange(id, community_a_, kNow, "Old");
  v1::Field* phone = a.add_fields();
  phone->set_name("phone");
  phone->mutable_value()->set_text("+380501234567");
  ASSERT_TRUE(Push(field_, 1, {a, PersonChange(id, community_a_, kNow + 10, "New")}).ok());
  std::vector<v1::Record> all = PullAll(reader_);
  ASSERT_EQ(all.size(), 3u);
  const v1::Record& p = all.back();
  ASSERT_EQ(p.fields_size(), 2);
  EXPECT_EQ(p.fields(0).value().text(), "New");
  EXPECT_EQ(p.fields(1).value().text(), "+380501234567");
  EXPECT_EQ(p.fields(1).hlc(), HlcPack(kNow, 0)) << "phone keeps the clock of its own write";
}

}  // namespace
}  // namespace hromada::server

namespace hromada::server {
namespace {

using hromada::test::Int;
using hromada::test::RefTo;
using hromada::test::Text;

v1::Record Change(const std::string& kind, const std::string& id, const std::string& community,
                  test::FieldList fields) {
  return test::RecordOf(kind, id, community, static_cast<uint64_t>(kNow) << 16, std::move(fields));
}

// A response is checked against the form version it names: an answer that
// does not fit is refused with the field named, and nothing is stored.
TEST_F(PushTest, ASurveyResponseIsCheckedAgainstItsForm) {
  const SurveyForm form = *ParseSurveyFormJson(test::kNeedsFormJson);
  const std::string survey = Uuid::Parse(SurveyId("needs", 2))->bytes();
  ASSERT_EQ(Push(coordinator_, 1,
                 {Change("survey", survey, "",
                         {{"form", Text("needs")},
                          {"title", Text(form.title)},
                          {"version", Int(2)},
                          {"questions", Text(QuestionsToJson(form))}})})
                ->rejections_size(),
            0);
  auto response = [&](const std::string& answers, const std::string& survey_id, int64_t version) {
    return Change("survey_response", NewId(), community_a_,
                  {{"survey", RefTo(survey_id)},
                   {"survey_version", Int(version)},
                   {"date", Text("2025-05-01")},
                   {"answers", Text(answers)},
                   {"state", Text("final")}});
  };
  auto r = Push(field_, 1,
                {response(R"({"top_needs": ["water", "shelter"]})", survey, 2),
                 response(R"({"top_needs": ["roads"]})", survey, 2), response(R"({})", survey, 2),
                 response(R"({"top_needs": ["water"]})", survey, 1),
                 response(R"({"top_needs": ["water"]})", NewId(), 2)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->acked_through(), 5u);
  ASSERT_EQ(r->rejections_size(), 4);
  EXPECT_EQ(r->rejections(0).field(), "answers");
  EXPECT_NE(r->rejections(0).message().find("roads"), std::string::npos)
      << r->rejections(0).message();
  EXPECT_EQ(r->rejections(1).field(), "answers") << "a final response answers required questions";
  EXPECT_EQ(r->rejections(2).field(), "survey_version");
  EXPECT_EQ(r->rejections(3).field(), "survey");
  for (const v1::Rejection& rej : r->rejections()) {
    EXPECT_EQ(rej.code(), static_cast<uint32_t>(absl::StatusCode::kInvalidArgument));
  }
  int responses = 0;
  for (const v1::Record& rec : PullAll(reader_)) responses += rec.kind() == "survey_response";
  EXPECT_EQ(responses, 1) << "only the valid response is stored";
}

// A refused push's audit entries are written in its transaction: a retry
// after a lost answer neither audits nor reports as new the refusals it
// replays, and only its new changes add entries.
TEST_F(PushTest, ARetriedPushAuditsItsRefusalsOnce) {
  const v1::Record outside = PersonChange(NewId(), community_b_, kNow, "Чужий");
  const v1::Record bad = PersonChange(NewId(), community_a_, kNow, std::string("\xff", 1));
  const v1::Record good = PersonChange(NewId(), community_a_, kNow, "Добрий");
  PushCounts counts;
  auto r = Push(field_, 1, {outside, bad, good}, nullptr, &counts);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejections_size(), 2);
  EXPECT_EQ(counts.replayed_refusals, 0);
  EXPECT_EQ(counts.new_changes, 3);
  const std::vector<std::string> first = Refusals();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0], "code=INVALID_ARGUMENT kind=person field=full_name count=1");
  EXPECT_EQ(first[1], "code=PERMISSION_DENIED kind=person field= count=1");

  r = Push(field_, 1, {outside, bad, good}, nullptr, &counts);  // the answer was lost
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejections_size(), 2) << "the device is told again";
  EXPECT_EQ(counts.replayed_refusals, 2);
  EXPECT_EQ(counts.new_changes, 0) << "nothing in it is new";
  EXPECT_EQ(Refusals(), first) << "but nothing is audited twice";

  // A retry that carries one new change: only that one is new.
  r = Push(field_, 1, {outside, bad, good, PersonChange(NewId(), community_b_, kNow, "Ще")},
           nullptr, &counts);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejections_size(), 3);
  EXPECT_EQ(counts.replayed_refusals, 2);
  EXPECT_EQ(counts.new_changes, 1);
  const std::vector<std::string> after = Refusals();
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[2], "code=PERMISSION_DENIED kind=person field= count=1");
}

// A push that dies before its commit leaves no audit entry; one that dies
// after it leaves exactly one, and the retry adds none.
TEST_F(PushTest, ACrashNeitherLosesNorRepeatsAnAuditEntry) {
  struct Killed {};
  const auto die_at = [](std::string point) {
    return [point](const char* where) {
      if (point == where) throw Killed{};
    };
  };
  const v1::Record outside = PersonChange(NewId(), community_b_, kNow, "Чужий");
  EXPECT_THROW((void)Push(field_, 1, {outside}, die_at("push-before-commit")), Killed);
  EXPECT_TRUE(Refusals().empty());
  EXPECT_THROW((void)Push(field_, 1, {outside}, die_at("push-after-commit")), Killed);
  EXPECT_EQ(Refusals().size(), 1u);
  auto r = Push(field_, 1, {outside});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rejections_size(), 1);
  EXPECT_EQ(Refusals().size(), 1u);
}

}  // namespace
}  // namespace hromada::server
