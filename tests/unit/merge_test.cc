// Example-based tests of the merge rule (shared/sync/merge.h). The randomised
// convergence test is in merge_property_test.cc.
#include "shared/sync/merge.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "shared/sync/hlc.h"
#include "tests/unit/record_builders.h"

namespace hromada {
namespace {

using test::Change;
using test::DeleteChange;
using test::DeviceId;
using test::Int;
using test::Text;
using test::Unset;
using test::ValueOf;

const std::string kDevA = DeviceId(1);
const std::string kDevB = DeviceId(2);

// Merges `changes` into an empty record in the given order.
Record MergeAll(const std::vector<Record>& changes) {
  Record state;
  for (const Record& c : changes) Merge(c, &state);
  return state;
}

TEST(MergeTest, IntoAnEmptyRecordTakesTheChange) {
  const Record change = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("Olena")}});
  Record state;
  EXPECT_TRUE(Merge(change, &state));
  EXPECT_EQ(state.SerializeAsString(), change.SerializeAsString());
}

TEST(MergeTest, DifferentFieldsFromTwoDevicesAreBothKept) {
  const Record a = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("Olena")}});
  const Record b = Change(kDevB, HlcPack(20, 0), {{"phone", Text("+380501234567")}});
  for (const Record& state : {MergeAll({a, b}), MergeAll({b, a})}) {
    ASSERT_EQ(state.fields_size(), 2);
    EXPECT_EQ(ValueOf(state, "full_name"), "Olena");
    EXPECT_EQ(ValueOf(state, "phone"), "+380501234567");
  }
}

TEST(MergeTest, SameFieldTheGreaterHlcWinsInEitherOrder) {
  const Record older = Change(kDevB, HlcPack(10, 5), {{"full_name", Text("old")}});
  const Record newer = Change(kDevA, HlcPack(10, 6), {{"full_name", Text("new")}});
  EXPECT_EQ(ValueOf(MergeAll({older, newer}), "full_name"), "new");
  EXPECT_EQ(ValueOf(MergeAll({newer, older}), "full_name"), "new");
}

TEST(MergeTest, EqualHlcIsBrokenByDeviceId) {
  const Record a = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("from A")}});
  const Record b = Change(kDevB, HlcPack(10, 0), {{"full_name", Text("from B")}});
  ASSERT_LT(kDevA, kDevB);
  EXPECT_EQ(ValueOf(MergeAll({a, b}), "full_name"), "from B");
  EXPECT_EQ(ValueOf(MergeAll({b, a}), "full_name"), "from B");
  EXPECT_EQ(MergeAll({a, b}).device_id(), kDevB);
}

TEST(MergeTest, ClearingAFieldIsAWriteThatWins) {
  const Record set = Change(kDevA, HlcPack(10, 0), {{"phone", Text("123")}});
  const Record clear = Change(kDevB, HlcPack(11, 0), {{"phone", Unset()}});
  for (const Record& state : {MergeAll({set, clear}), MergeAll({clear, set})}) {
    ASSERT_EQ(state.fields_size(), 1);
    EXPECT_EQ(ValueOf(state, "phone"), "<cleared>");
  }
}

TEST(MergeTest, TombstoneHidesOlderFieldsAndKeepsThem) {
  const Record write = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("Olena")}});
  const Record del = DeleteChange(kDevB, HlcPack(20, 0));
  for (const Record& state : {MergeAll({write, del}), MergeAll({del, write})}) {
    EXPECT_TRUE(IsDeleted(state));
    ASSERT_EQ(state.fields_size(), 1) << "kept, so a later edit brings the record back whole";
    EXPECT_EQ(state.fields(0).hlc(), HlcPack(10, 0));
    EXPECT_EQ(state.deleted_hlc(), HlcPack(20, 0));
    EXPECT_EQ(state.deleted_device_id(), kDevB);
    EXPECT_EQ(state.hlc(), HlcPack(20, 0));
  }
}

TEST(MergeTest, AWriteAfterADeleteBringsTheRecordBackWhole) {
  const Record first =
      Change(kDevA, HlcPack(10, 0), {{"full_name", Text("Olena")}, {"phone", Text("123")}});
  const Record del = DeleteChange(kDevB, HlcPack(20, 0));
  const Record again = Change(kDevA, HlcPack(30, 0), {{"full_name", Text("Olena K.")}});
  for (const Record& state : {MergeAll({first, del, again}), MergeAll({again, del, first}),
                              MergeAll({del, again, first})}) {
    EXPECT_FALSE(IsDeleted(state));
    ASSERT_EQ(state.fields_size(), 2);
    EXPECT_EQ(ValueOf(state, "full_name"), "Olena K.");
    EXPECT_EQ(ValueOf(state, "phone"), "123") << "written before the delete, kept";
    EXPECT_EQ(state.deleted_hlc(), HlcPack(20, 0)) << "the tombstone stays";
    EXPECT_EQ(state.hlc(), HlcPack(30, 0));
  }
}

TEST(MergeTest, AFieldWrittenAtTheTombstonesOwnClockIsHidden) {
  Record change = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("x")}});
  change.set_deleted_hlc(change.hlc());
  StampChange(kDevA, &change);
  EXPECT_TRUE(IsDeleted(change));
}

TEST(MergeTest, IsIdempotent) {
  const Record a = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("Olena")}});
  const Record b = Change(kDevB, HlcPack(5, 0), {{"phone", Text("1")}, {"full_name", Text("O")}});
  Record state = MergeAll({a, b});
  const std::string before = state.SerializeAsString();
  EXPECT_FALSE(Merge(a, &state));
  EXPECT_FALSE(Merge(b, &state));
  const Record copy = state;
  EXPECT_FALSE(Merge(copy, &state));
  EXPECT_EQ(state.SerializeAsString(), before);
}

TEST(MergeTest, ReportsWhetherTheStateChanged) {
  Record state = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("Olena")}});
  EXPECT_FALSE(Merge(Change(kDevB, HlcPack(9, 0), {{"full_name", Text("old")}}), &state));
  EXPECT_TRUE(Merge(Change(kDevB, HlcPack(11, 0), {{"full_name", Text("new")}}), &state));
  // An older delete records its tombstone but hides nothing newer.
  EXPECT_TRUE(Merge(DeleteChange(kDevB, HlcPack(3, 0)), &state));
  EXPECT_FALSE(IsDeleted(state));
  EXPECT_FALSE(Merge(DeleteChange(kDevB, HlcPack(3, 0)), &state));
}

TEST(MergeTest, KeepsTheCommunityOfTheRecord) {
  Record state = Change(kDevA, HlcPack(10, 0), {{"full_name", Text("Olena")}});
  Record other = Change(kDevB, HlcPack(11, 0), {{"phone", Text("1")}});
  Merge(other, &state);
  EXPECT_EQ(state.community_id(), test::kCommunity);
  EXPECT_EQ(state.kind(), "person");
  EXPECT_EQ(state.id(), test::kRecordId);
}

TEST(CanonicalFormTest, FieldsAreSortedAndCarryAClockOnlyWhereItDiffers) {
  const Record a = Change(kDevA, HlcPack(10, 0), {{"phone", Text("1")}, {"full_name", Text("x")}});
  const Record b = Change(kDevB, HlcPack(20, 0), {{"gender", Text("female")}});
  const Record state = MergeAll({a, b});
  ASSERT_EQ(state.fields_size(), 3);
  EXPECT_EQ(state.fields(0).name(), "full_name");
  EXPECT_EQ(state.fields(1).name(), "gender");
  EXPECT_EQ(state.fields(2).name(), "phone");
  // The record clock is the newest write; the field written then has no clock of its own.
  EXPECT_EQ(state.hlc(), HlcPack(20, 0));
  EXPECT_EQ(state.device_id(), kDevB);
  EXPECT_EQ(state.fields(1).hlc(), 0u);
  EXPECT_TRUE(state.fields(1).device_id().empty());
  for (int i : {0, 2}) {
    EXPECT_EQ(state.fields(i).hlc(), HlcPack(10, 0));
    EXPECT_EQ(state.fields(i).device_id(), kDevA);
  }
}

TEST(CanonicalFormTest, StampChangeStampsEveryFieldAndTheTombstone) {
  Record change = Change(kDevA, HlcPack(10, 0), {{"phone", Text("1")}, {"full_name", Text("x")}},
                         /*stamp=*/false);
  change.mutable_fields(0)->set_hlc(HlcPack(99, 0));
  change.mutable_fields(0)->set_device_id(kDevB);
  StampChange(kDevA, &change);
  EXPECT_EQ(change.device_id(), kDevA);
  EXPECT_EQ(change.hlc(), HlcPack(10, 0));
  ASSERT_EQ(change.fields_size(), 2);
  EXPECT_EQ(change.fields(0).name(), "full_name");
  for (const v1::Field& f : change.fields()) {
    EXPECT_EQ(f.hlc(), 0u);
    EXPECT_TRUE(f.device_id().empty());
  }
  Record del = DeleteChange(kDevB, HlcPack(12, 0));
  EXPECT_EQ(del.deleted_hlc(), HlcPack(12, 0));
  EXPECT_EQ(del.deleted_device_id(), kDevB);
}

TEST(CanonicalFormTest, CanonicalizeKeepsTheWinningWriteOfARepeatedField) {
  Record r = Change(kDevA, HlcPack(10, 0), {}, /*stamp=*/false);
  r.set_device_id(kDevA);
  auto add = [&r](const std::string& name, const std::string& text, uint64_t hlc) {
    v1::Field* f = r.add_fields();
    f->set_name(name);
    *f->mutable_value() = Text(text);
    f->set_hlc(hlc);
    f->set_device_id(kDevA);
  };
  add("phone", "old", HlcPack(5, 0));
  add("full_name", "x", HlcPack(7, 0));
  add("phone", "new", HlcPack(8, 0));
  Canonicalize(&r);
  ASSERT_EQ(r.fields_size(), 2);
  EXPECT_EQ(ValueOf(r, "phone"), "new");
  EXPECT_EQ(r.hlc(), HlcPack(8, 0)) << "the record clock is the greatest field clock";
  EXPECT_EQ(r.fields(1).hlc(), 0u);
  EXPECT_EQ(r.fields(0).hlc(), HlcPack(7, 0));
}

TEST(CanonicalFormTest, CanonicalizeIsIdempotent) {
  const Record state = MergeAll({Change(kDevA, HlcPack(10, 0), {{"phone", Text("1")}}),
                                 Change(kDevB, HlcPack(12, 0), {{"idp", Int(1)}}),
                                 DeleteChange(kDevB, HlcPack(11, 0))});
  Record again = state;
  Canonicalize(&again);
  EXPECT_EQ(again.SerializeAsString(), state.SerializeAsString());
}

}  // namespace
}  // namespace hromada
