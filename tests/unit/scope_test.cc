// The write-scope and read-scope rules (shared/sync/scope.h) that server and
// client run.
#include "shared/sync/scope.h"

#include <gtest/gtest.h>

#include "shared/base/uuid.h"
#include "shared/sync/conflict.h"
#include "tests/unit/record_builders.h"

namespace hromada {
namespace {

using test::IdOf;

v1::Record Of(const std::string& kind, const std::string& community) {
  v1::Record r;
  r.set_kind(kind);
  r.set_id(IdOf(1));
  r.set_community_id(community);
  return r;
}

const std::string kMine = IdOf(0x61), kOther = IdOf(0x62);

TEST(ScopeTest, FieldStaffWriteTheirOwnCommunitiesOnly) {
  EXPECT_TRUE(CheckWriteScope(v1::ROLE_FIELD, {kMine}, Of("person", kMine)).ok());
  EXPECT_EQ(CheckWriteScope(v1::ROLE_FIELD, {kMine}, Of("person", kOther)).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ScopeTest, OnlyNetworkCoordinatorsWriteSharedKinds) {
  for (v1::Role role : {v1::ROLE_FIELD, v1::ROLE_COORDINATOR, v1::ROLE_UNSPECIFIED}) {
    for (const char* kind : {"survey", "community"}) {
      EXPECT_EQ(CheckWriteScope(role, {kMine}, Of(kind, "")).code(),
                absl::StatusCode::kPermissionDenied)
          << role << " " << kind;
    }
  }
  EXPECT_TRUE(CheckWriteScope(v1::ROLE_NETWORK_COORDINATOR, {kMine}, Of("survey", "")).ok());
  EXPECT_TRUE(CheckWriteScope(v1::ROLE_NETWORK_COORDINATOR, {kMine}, Of("community", "")).ok());
}

TEST(ScopeTest, ANetworkCoordinatorIsACoordinatorOfItsCommunities) {
  EXPECT_TRUE(
      CheckWriteScope(v1::ROLE_NETWORK_COORDINATOR, {kMine}, Of("person_merge", kMine)).ok());
  const absl::Status other =
      CheckWriteScope(v1::ROLE_NETWORK_COORDINATOR, {kMine}, Of("person", kOther));
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(other.message().find(IdToString(kOther)), std::string::npos) << other;
  EXPECT_EQ(CheckWriteScope(v1::ROLE_UNSPECIFIED, {kMine}, Of("person", kMine)).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ScopeTest, OnlyCoordinatorsMergePersonsAndOnlyInTheirCommunities) {
  const absl::Status field = CheckWriteScope(v1::ROLE_FIELD, {kMine}, Of("person_merge", kMine));
  EXPECT_EQ(field.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(field.message(), "only a coordinator may write person_merge records");
  EXPECT_TRUE(CheckWriteScope(v1::ROLE_COORDINATOR, {kMine}, Of("person_merge", kMine)).ok());
  EXPECT_EQ(CheckWriteScope(v1::ROLE_COORDINATOR, {kMine}, Of("person_merge", kOther)).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ReadScopeTest, FieldStaffReadTheirCommunitiesAndSharedRecordsButNoConflicts) {
  const ReadScope field = ReadScopeOf(v1::ROLE_FIELD, {kMine});
  EXPECT_TRUE(field.Reads(kMine));
  EXPECT_TRUE(field.Reads(Of("survey", "")));
  EXPECT_FALSE(field.Reads(kOther));
  EXPECT_FALSE(field.Reads(ConflictScope(kMine)));
}

TEST(ReadScopeTest, CoordinatorsReadTheConflictsOfTheirCommunitiesOnly) {
  for (v1::Role role : {v1::ROLE_COORDINATOR, v1::ROLE_NETWORK_COORDINATOR}) {
    const ReadScope scope = ReadScopeOf(role, {kMine});
    // The order the server scans its index ranges in.
    EXPECT_EQ(scope.community_ids, (std::vector<std::string>{kMine, ConflictScope(kMine), ""}))
        << role;
    EXPECT_FALSE(scope.Reads(ConflictScope(kOther))) << role;
    EXPECT_FALSE(scope.Reads(kOther)) << role;
  }
}

TEST(ReadScopeTest, ADeviceWithoutARoleReadsItsCommunitiesAndSharedRecords) {
  EXPECT_EQ(ReadScopeOf(v1::ROLE_UNSPECIFIED, {kMine}).community_ids,
            (std::vector<std::string>{kMine, ""}));
}

TEST(ReadScopeTest, WidensWithANewCommunityOrOnBecomingACoordinator) {
  const ReadScope field = ReadScopeOf(v1::ROLE_FIELD, {kMine});
  EXPECT_TRUE(ReadScopeOf(v1::ROLE_FIELD, {kMine, kOther}).Widens(field));
  EXPECT_TRUE(ReadScopeOf(v1::ROLE_COORDINATOR, {kMine}).Widens(field));
  EXPECT_FALSE(ReadScopeOf(v1::ROLE_FIELD, {kMine}).Widens(field));
  EXPECT_FALSE(ReadScopeOf(v1::ROLE_FIELD, {}).Widens(field));
  EXPECT_FALSE(field.Widens(ReadScopeOf(v1::ROLE_COORDINATOR, {kMine})));
  EXPECT_FALSE(ReadScopeOf(v1::ROLE_NETWORK_COORDINATOR, {kMine})
                   .Widens(ReadScopeOf(v1::ROLE_COORDINATOR, {kMine})));
}

}  // namespace
}  // namespace hromada
