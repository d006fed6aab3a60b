// Conflicts on the server (shared/sync/conflict.h): pushes of concurrent edits
// keep the losing value as a conflict record, which only coordinators of
// the community pull; field devices may neither read nor write one.
#include "shared/sync/conflict.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "server/admin/admin.h"
#include "server/sync/pull.h"
#include "server/sync/pull_rules.h"
#include "server/sync/push.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "tests/server/test_records.h"

namespace hromada::server {
namespace {

using testing::PersonChange;

constexpr int64_t kNow = 1'800'000'000'000;

class ServerConflictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *SqliteStore::Open(testing::TempDbPath("conflict"));
    bilozerka_ = *AddCommunity(*store_, clock_, {"Білозерка", "Bilozerka", "", ""});
    stanislav_ = *AddCommunity(*store_, clock_, {"Станіслав", "Stanislav", "", ""});
    a_ = MakeDevice("a", v1::ROLE_FIELD, {"Bilozerka"});
    b_ = MakeDevice("b", v1::ROLE_FIELD, {"Bilozerka"});
    coordinator_ = MakeDevice("coord", v1::ROLE_COORDINATOR, {"Bilozerka"});
    elsewhere_ = MakeDevice("elsewhere", v1::ROLE_COORDINATOR, {"Stanislav"});
    person_ = testing::NewId();
    v1::Record created = PersonChange(person_, bilozerka_, kNow - 10000, "Олена");
    ASSERT_TRUE(Push(a_, {created})->rejections().empty());
    created_at_ = {HlcPack(kNow - 10000, 0), a_.id};
  }

  Device MakeDevice(const std::string& name, v1::Role role, std::vector<std::string> c) {
    return testing::AddTestDevice(*store_, clock_, name, role, std::move(c));
  }

  absl::StatusOr<v1::PushResponse> Push(const Device& d, std::vector<v1::Record> changes) {
    v1::PushRequest req;
    req.set_first_seq(++seq_[d.id]);
    seq_[d.id] += changes.size() - 1;
    for (auto& c : changes) *req.add_changes() = std::move(c);
    return ApplyPush(*store_, d, req, {kNow, 60000});
  }

  // A phone edit at `ms` by a device that held `held` for the phone.
  v1::Record PhoneEdit(int64_t ms, const std::string& phone,
                       std::pair<uint64_t, std::string> held) {
    v1::Record c = PersonChange(person_, bilozerka_, ms, "Олена");
    c.clear_fields();
    v1::Field* f = c.add_fields();
    f->set_name("phone");
    f->mutable_value()->set_text(phone);
    v1::Base* tomb = c.add_bases();
    tomb->set_name("");
    v1::Base* base = c.add_bases();
    base->set_name("phone");
    base->set_hlc(held.first);
    base->set_device_id(held.second);
    return c;
  }

  std::vector<v1::Record> Pulled(const Device& d, const std::string& kind) {
    v1::PullRequest req;
    v1::PullResponse page;
    EXPECT_TRUE(page.ParseFromString(*ReadPull(*store_, d, req, 1 << 20, kNow)));
    std::vector<v1::Record> out;
    for (const v1::Record& r : page.records()) {
      if (r.kind() == kind) out.push_back(r);
    }
    return out;
  }

  ManualClock clock_{kNow};
  std::unique_ptr<SqliteStore> store_;
  std::string bilozerka_, stanislav_, person_;
  Device a_, b_, coordinator_, elsewhere_;
  std::pair<uint64_t, std::string> created_at_;
  std::map<std::string, uint64_t> seq_;
};

TEST_F(ServerConflictTest, ConcurrentPushesKeepTheLoserForCoordinatorsOnly) {
  // Neither had seen the other's phone (no phone at all).
  ASSERT_TRUE(Push(a_, {PhoneEdit(kNow - 2000, "111", {0, ""})})->rejections().empty());
  ASSERT_TRUE(Push(b_, {PhoneEdit(kNow - 1000, "222", {0, ""})})->rejections().empty());
  std::vector<v1::Record> seen = Pulled(coordinator_, "conflict");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].community_id(), ConflictScope(bilozerka_));
  EXPECT_TRUE(Pulled(a_, "conflict").empty());
  EXPECT_TRUE(Pulled(b_, "conflict").empty());
  EXPECT_TRUE(Pulled(elsewhere_, "conflict").empty()) << "another community's coordinator";
  // The person state carries no bases.
  std::optional<v1::Record> person = *store_->ReadRecord("person", person_);
  ASSERT_TRUE(person.has_value());
  EXPECT_EQ(person->bases_size(), 0);
  // A field device's pending count does not wait on records it never gets.
  v1::PullRequest req;
  v1::PullResponse page;
  ASSERT_TRUE(page.ParseFromString(*ReadPull(*store_, a_, req, 1 << 20, kNow)));
  EXPECT_EQ(*EstimatePending(*store_, ReadScopeOf(a_), page.next_cursor()), 0u);
}

TEST_F(ServerConflictTest, SequentialPushesKeepNothing) {
  ASSERT_TRUE(Push(a_, {PhoneEdit(kNow - 2000, "111", {0, ""})})->rejections().empty());
  // b pulled a's phone first.
  const std::pair<uint64_t, std::string> seen{HlcPack(kNow - 2000, 0), a_.id};
  ASSERT_TRUE(Push(b_, {PhoneEdit(kNow - 1000, "222", seen)})->rejections().empty());
  EXPECT_TRUE(Pulled(coordinator_, "conflict").empty());
}

TEST_F(ServerConflictTest, OnlyACoordinatorOfTheCommunityResolves) {
  ASSERT_TRUE(Push(a_, {PhoneEdit(kNow - 1000, "111", {0, ""})})->rejections().empty());
  ASSERT_TRUE(Push(b_, {PhoneEdit(kNow - 2000, "222", {0, ""})})->rejections().empty());
  std::vector<v1::Record> seen = Pulled(coordinator_, "conflict");
  ASSERT_EQ(seen.size(), 1u);
  v1::Record mark;
  mark.set_kind("conflict");
  mark.set_id(seen[0].id());
  mark.set_community_id(seen[0].community_id());
  mark.set_hlc(HlcPack(kNow, 0));
  v1::Field* state = mark.add_fields();
  state->set_name("state");
  state->mutable_value()->set_text("resolved");
  for (const Device* d : {&a_, &elsewhere_}) {
    absl::StatusOr<v1::PushResponse> r = Push(*d, {mark});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->rejections_size(), 1) << d->name;
    EXPECT_EQ(r->rejections(0).code(), static_cast<uint32_t>(absl::StatusCode::kPermissionDenied));
    EXPECT_FALSE(r->rejections(0).has_server_state()) << "a field device never reads one";
  }
  ASSERT_TRUE(Push(coordinator_, {mark})->rejections().empty());
  std::optional<v1::Record> stored = *store_->ReadRecord("conflict", seen[0].id());
  ASSERT_TRUE(stored.has_value());
  bool resolved = false;
  for (const v1::Field& f : stored->fields()) {
    resolved = resolved || (f.name() == "state" && f.value().text() == "resolved");
  }
  EXPECT_TRUE(resolved);
}

}  // namespace
}  // namespace hromada::server
