// Concurrent edits that lose (shared/sync/conflict.h), found by the apply rule
// (shared/sync/apply.h): concurrent vs sequential, both orders of arrival,
// delete vs edit.
#include "shared/sync/conflict.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

#include "shared/base/uuid.h"
#include "shared/sync/apply.h"
#include "shared/sync/hlc.h"
#include "tests/unit/map_replica.h"
#include "tests/unit/record_builders.h"

namespace hromada {
namespace {

using test::DeviceId;
using test::kCommunity;
using test::kRecordId;
using test::MapReplica;
using test::Text;

const std::string kServer = DeviceId(0x01);
const std::string kA = DeviceId(0x0a);
const std::string kB = DeviceId(0x0b);

uint64_t T(int n) { return HlcPack(1000 * n, 0); }

std::string Field(const v1::Record& r, const std::string& name) {
  for (const v1::Field& f : r.fields()) {
    if (f.name() != name) continue;
    if (f.value().has_text()) return f.value().text();
    if (f.value().has_flag()) return f.value().flag() ? "yes" : "no";
    return std::to_string(f.value().integer());
  }
  return "";
}

// A change by a device as edits.cc writes it: a clock and, per field, the
// clock of the value the device held (`held`; an absent name held none).
struct Held {
  std::map<std::string, std::pair<uint64_t, std::string>> fields;
  std::pair<uint64_t, std::string> tombstone{0, ""};
};
v1::Record Edit(uint64_t hlc, const test::FieldList& fields, const Held* held) {
  v1::Record c = test::Change("", hlc, fields, /*stamp=*/false);
  if (held == nullptr) return c;  // an older device: no bases
  const auto add = [&](const std::string& name, const std::pair<uint64_t, std::string>& at) {
    v1::Base* b = c.add_bases();
    b->set_name(name);
    b->set_hlc(at.first);
    b->set_device_id(at.second);
  };
  add("", held->tombstone);
  for (const auto& [name, value] : fields) {
    auto it = held->fields.find(name);
    add(name, it == held->fields.end() ? std::pair<uint64_t, std::string>{0, ""} : it->second);
  }
  return c;
}
v1::Record Delete(uint64_t hlc, const Held& held) {
  v1::Record c = Edit(hlc, {}, &held);
  c.set_deleted_hlc(hlc);
  for (const auto& [name, at] : held.fields) {
    v1::Base* b = c.add_bases();
    b->set_name(name);
    b->set_hlc(at.first);
    b->set_device_id(at.second);
  }
  return c;
}

class ConflictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::Record community =
        test::RecordOf("community", kCommunity, "", T(1),
                       {{"name_uk", Text("Білозерка")}, {"name_latin", Text("Bilozerka")}});
    ASSERT_TRUE(Apply(kServer, community, false)->refusal.ok());
    // The person as both devices pulled it: written by the server at T(1).
    v1::Record person = test::Change("", T(1), {{"full_name", Text("Олена")}, {"phone", Text("1")}},
                                     /*stamp=*/false);
    ASSERT_TRUE(Apply(kServer, person, false)->refusal.ok());
  }

  absl::StatusOr<Applied> Apply(const std::string& device, v1::Record change,
                                bool keep_conflicts = true) {
    const Writer writer{device, v1::ROLE_FIELD, {kCommunity}, device == kServer};
    ApplyLimits limits;
    limits.check_clock = false;
    if (keep_conflicts) limits.conflict_writer = kServer;
    limits.device_name = device_name_;
    return ApplyChange(replica_, writer, &change, limits);
  }
  std::function<std::string(absl::string_view)> device_name_;
  void ApplyAll(std::vector<std::pair<std::string, v1::Record>> changes) {
    for (auto& [device, change] : changes) {
      absl::StatusOr<Applied> a = Apply(device, change);
      ASSERT_TRUE(a.ok());
      ASSERT_TRUE(a->refusal.ok()) << a->refusal;
    }
  }
  std::vector<v1::Record> Conflicts() const { return replica_.Of("conflict"); }
  v1::Record Person() const { return replica_.Of("person").at(0); }

  Held pulled_{{{"full_name", {T(1), kServer}}, {"phone", {T(1), kServer}}}};
  MapReplica replica_;
};

// Issue 19: a coordinator tells the sides apart by their devices' names,
// which the server gives; a device it cannot name carries its id alone.
TEST_F(ConflictTest, EachSideCarriesItsDevicesNameWhereKnown) {
  device_name_ = [](absl::string_view id) { return id == kA ? "Олена, планшет" : ""; };
  ApplyAll({{kA, Edit(T(3), {{"phone", Text("A")}}, &pulled_)},
            {kB, Edit(T(2), {{"phone", Text("B")}}, &pulled_)}});
  std::vector<v1::Record> c = Conflicts();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(Field(c[0], "kept_device_name"), "Олена, планшет");
  EXPECT_EQ(Field(c[0], "lost_device_name"), "");
  EXPECT_EQ(Field(c[0], "lost_device"), IdToString(kB));
}

TEST_F(ConflictTest, ConcurrentEditsKeepTheLoserWhicheverArrivesFirst) {
  std::vector<std::vector<v1::Record>> seen;
  for (bool a_first : {true, false}) {
    replica_ = MapReplica();
    SetUp();
    v1::Record a = Edit(T(3), {{"phone", Text("A")}}, &pulled_);
    v1::Record b = Edit(T(2), {{"phone", Text("B")}}, &pulled_);
    if (a_first) {
      ApplyAll({{kA, a}, {kB, b}});
    } else {
      ApplyAll({{kB, b}, {kA, a}});
    }
    EXPECT_EQ(Field(Person(), "phone"), "A");
    std::vector<v1::Record> c = Conflicts();
    ASSERT_EQ(c.size(), 1u) << "a_first=" << a_first;
    EXPECT_EQ(Field(c[0], "field"), "phone");
    EXPECT_EQ(Field(c[0], "kept"), R"({"text":"A"})");
    EXPECT_EQ(Field(c[0], "lost"), R"({"text":"B"})");
    EXPECT_EQ(Field(c[0], "lost_device"), IdToString(kB));
    EXPECT_EQ(Field(c[0], "kept_device"), IdToString(kA));
    EXPECT_EQ(Field(c[0], "lost_ms"), "2000");
    EXPECT_EQ(Field(c[0], "state"), "open");
    EXPECT_EQ(Field(c[0], "record"), IdToString(kRecordId));
    EXPECT_EQ(Field(c[0], "record_kind"), "person");
    EXPECT_EQ(c[0].community_id(), ConflictScope(kCommunity));
    seen.push_back(c);
  }
  // The same loss makes the same record, so replicas agree on its id.
  EXPECT_EQ(seen[0][0].id(), seen[1][0].id());
}

TEST_F(ConflictTest, SequentialEditsAreNotConflicts) {
  // B had pulled A's value before writing its own.
  Held after_a = pulled_;
  after_a.fields["phone"] = {T(2), kA};
  ApplyAll({{kA, Edit(T(2), {{"phone", Text("A")}}, &pulled_)},
            {kB, Edit(T(3), {{"phone", Text("B")}}, &after_a)}});
  EXPECT_EQ(Field(Person(), "phone"), "B");
  EXPECT_TRUE(Conflicts().empty());
}

TEST_F(ConflictTest, EditsOfOtherFieldsAreNotConflicts) {
  ApplyAll({{kA, Edit(T(3), {{"phone", Text("A")}}, &pulled_)},
            {kB, Edit(T(2), {{"notes", Text("B")}}, &pulled_)}});
  EXPECT_TRUE(Conflicts().empty());
}

TEST_F(ConflictTest, EqualValuesLoseNothing) {
  ApplyAll({{kA, Edit(T(3), {{"phone", Text("5")}}, &pulled_)},
            {kB, Edit(T(2), {{"phone", Text("5")}}, &pulled_)}});
  EXPECT_TRUE(Conflicts().empty());
}

TEST_F(ConflictTest, ADevicesOwnEarlierWriteIsSeen) {
  // Its second edit names the first one's clock before re-stamping moved it.
  Held stale = pulled_;
  stale.fields["phone"] = {T(2) - 5, kA};
  ApplyAll({{kA, Edit(T(2), {{"phone", Text("A1")}}, &pulled_)},
            {kA, Edit(T(3), {{"phone", Text("A2")}}, &stale)}});
  EXPECT_TRUE(Conflicts().empty());
}

TEST_F(ConflictTest, AChangeWithoutBasesIsTakenAsSequentialWhenItWins) {
  ApplyAll({{kA, Edit(T(2), {{"phone", Text("A")}}, &pulled_)},
            {kB, Edit(T(3), {{"phone", Text("B")}}, nullptr)}});
  EXPECT_TRUE(Conflicts().empty());
  // An older write arriving after a newer one lost whatever it knew.
  ApplyAll({{kA, Edit(T(2) + 1, {{"phone", Text("A")}}, nullptr)}});
  EXPECT_EQ(Conflicts().size(), 1u);
}

TEST_F(ConflictTest, AnEditHiddenByADeleteIsKeptInBothOrders) {
  std::vector<std::string> ids;
  for (bool delete_first : {true, false}) {
    replica_ = MapReplica();
    SetUp();
    v1::Record del = Delete(T(3), pulled_);
    v1::Record edit = Edit(T(2), {{"phone", Text("B")}}, &pulled_);
    if (delete_first) {
      ApplyAll({{kA, del}, {kB, edit}});
    } else {
      ApplyAll({{kB, edit}, {kA, del}});
    }
    EXPECT_TRUE(IsDeleted(Person()));
    std::vector<v1::Record> c = Conflicts();
    ASSERT_EQ(c.size(), 1u) << "delete_first=" << delete_first;
    EXPECT_EQ(Field(c[0], "field"), "phone");
    EXPECT_EQ(Field(c[0], "kept_deleted"), "yes");
    EXPECT_EQ(Field(c[0], "kept"), "");
    EXPECT_EQ(Field(c[0], "lost"), R"({"text":"B"})");
    ids.push_back(c[0].id());
  }
  EXPECT_EQ(ids[0], ids[1]);
}

TEST_F(ConflictTest, ADeleteUndoneByALaterEditIsKeptInBothOrders) {
  std::vector<std::string> ids;
  for (bool delete_first : {true, false}) {
    replica_ = MapReplica();
    SetUp();
    v1::Record del = Delete(T(2), pulled_);
    v1::Record edit = Edit(T(3), {{"phone", Text("B")}}, &pulled_);
    if (delete_first) {
      ApplyAll({{kA, del}, {kB, edit}});
    } else {
      ApplyAll({{kB, edit}, {kA, del}});
    }
    EXPECT_FALSE(IsDeleted(Person()));
    std::vector<v1::Record> c = Conflicts();
    ASSERT_EQ(c.size(), 1u) << "delete_first=" << delete_first;
    EXPECT_EQ(Field(c[0], "field"), "");
    EXPECT_EQ(Field(c[0], "lost_deleted"), "yes");
    EXPECT_EQ(Field(c[0], "kept_deleted"), "no");
    EXPECT_EQ(Field(c[0], "lost_device"), IdToString(kA));
    ids.push_back(c[0].id());
  }
  EXPECT_EQ(ids[0], ids[1]);
}

TEST_F(ConflictTest, AnEditAfterASeenDeleteIsNotAConflict) {
  Held deleted = pulled_;
  deleted.tombstone = {T(2), kA};
  ApplyAll({{kA, Delete(T(2), pulled_)}, {kB, Edit(T(3), {{"phone", Text("B")}}, &deleted)}});
  EXPECT_TRUE(Conflicts().empty());
}

TEST_F(ConflictTest, DeviceEditsKeepNoConflictsAndBasesAreNeverStored) {
  v1::Record b = Edit(T(2), {{"phone", Text("B")}}, &pulled_);
  ASSERT_TRUE(Apply(kA, Edit(T(3), {{"phone", Text("A")}}, &pulled_), false)->refusal.ok());
  ASSERT_TRUE(Apply(kB, b, false)->refusal.ok());
  EXPECT_TRUE(Conflicts().empty());
  EXPECT_EQ(Person().bases_size(), 0);
}

TEST_F(ConflictTest, AResolvedConflictStaysResolvedWhenTheLossIsSeenAgain) {
  v1::Record a = Edit(T(3), {{"phone", Text("A")}}, &pulled_);
  v1::Record b = Edit(T(2), {{"phone", Text("B")}}, &pulled_);
  ApplyAll({{kA, a}, {kB, b}});
  v1::Record resolve = Conflicts().at(0);
  v1::Record mark = test::RecordOf("conflict", resolve.id(), resolve.community_id(), T(4),
                                   {{"state", Text("resolved")}});
  ASSERT_TRUE(Apply(kServer, mark, false)->refusal.ok());
  // The same losing write once more (another server, a bundle): no reopening.
  ApplyAll({{kB, b}});
  EXPECT_EQ(Field(Conflicts().at(0), "state"), "resolved");
}

TEST(ConflictScopeTest, OnlyCoordinatorsOfTheCommunityWriteConflicts) {
  MapReplica replica;
  v1::Record c = test::RecordOf("conflict", test::IdOf(0x71), ConflictScope(kCommunity), T(5),
                                {{"state", Text("resolved")}});
  ApplyLimits limits;
  limits.check_clock = false;
  const Writer field{kA, v1::ROLE_FIELD, {kCommunity}, false};
  v1::Record copy = c;
  EXPECT_EQ(ApplyChange(replica, field, &copy, limits)->refusal.code(),
            absl::StatusCode::kPermissionDenied);
  const Writer other{kA, v1::ROLE_COORDINATOR, {test::IdOf(0x62)}, false};
  copy = c;
  EXPECT_EQ(ApplyChange(replica, other, &copy, limits)->refusal.code(),
            absl::StatusCode::kPermissionDenied);
  // A coordinator of the community passes the scope (then the merged
  // record lacks its required fields: there is no such conflict here).
  const Writer coordinator{kA, v1::ROLE_COORDINATOR, {kCommunity}, false};
  copy = c;
  EXPECT_EQ(ApplyChange(replica, coordinator, &copy, limits)->refusal.code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hromada
