// Per-record sync state ("did it arrive?"): waiting while a record's
// changes are in the outbox, synced at the time of its last ack, refused
// with the server's reason, and synced for what came from the server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/src/json.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;
using State = RecordSync::State;

class SyncStateTest : public ClientTest {};

TEST_F(SyncStateTest, WaitingUntilAckedThenSyncedAtTheAckTime) {
  auto client = Enrolled();
  const std::string olena = *client->Put("person", "", kCommunity, Person("Olena"));
  ASSERT_TRUE(client->Put("person", olena, "", {{"phone", std::string("+380501112233")}}).ok());
  const std::string ivan = *client->Put("person", "", kCommunity, Person("Ivan"));
  absl::StatusOr<RecordSync> sync = client->SyncStateOf("person", olena);
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->state, State::kWaiting);
  EXPECT_EQ(sync->waiting, 2u);
  EXPECT_EQ(client::SyncText(*sync), "waiting (2 changes)");
  EXPECT_EQ(client->SyncStateOf("person", ivan)->waiting, 1u);

  device_clock_.Advance(5 * 60 * 1000);
  server_clock_.Advance(5 * 60 * 1000);
  ASSERT_TRUE(client->Sync().ok());
  sync = client->SyncStateOf("person", olena);
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->state, State::kSynced);
  EXPECT_EQ(sync->synced_ms, kT0 + 5 * 60 * 1000);
  EXPECT_EQ(sync->waiting, 0u);
  EXPECT_EQ(client::SyncText(*sync), "synced at 2023-11-14 22:18 UTC");

  // A new edit waits again; the last ack time is kept.
  ASSERT_TRUE(client->Put("person", olena, "", {{"phone", std::string("+380501112234")}}).ok());
  sync = client->SyncStateOf("person", olena);
  EXPECT_EQ(sync->state, State::kWaiting);
  EXPECT_EQ(sync->waiting, 1u);
  EXPECT_EQ(sync->synced_ms, kT0 + 5 * 60 * 1000);
}

// A device clock a year behind dates neither "synced at" nor the last
// sync by itself: both are in server time.
TEST_F(SyncStateTest, SyncTimesAreInServerTimeWhenTheDeviceClockIsWrong) {
  auto client = Enrolled();
  constexpr int64_t kYearMs = 365LL * 86'400'000;
  device_clock_.Advance(-kYearMs);
  const std::string olena = *client->Put("person", "", kCommunity, Person("Olena"));
  ASSERT_TRUE(client->Sync().ok());
  absl::StatusOr<RecordSync> sync = client->SyncStateOf("person", olena);
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->state, State::kSynced);
  EXPECT_EQ(sync->synced_ms, kT0);
  absl::StatusOr<ClientStatus> status = client->GetStatus();
  ASSERT_TRUE(status.ok()) << status.status();
  ASSERT_TRUE(status->last_sync_ms.has_value());
  EXPECT_EQ(*status->last_sync_ms, kT0);
}

TEST_F(SyncStateTest, ARecordFromTheServerIsSyncedAndAnUnknownOneIsNotFound) {
  auto writer = Enrolled("writer.db");
  const std::string olena = *writer->Put("person", "", kCommunity, Person("Olena"));
  ASSERT_TRUE(writer->Sync().ok());
  auto reader = Enrolled("reader.db");
  ASSERT_TRUE(reader->Sync().ok());
  absl::StatusOr<RecordSync> sync = reader->SyncStateOf("person", olena);
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->state, State::kSynced);
  EXPECT_EQ(sync->synced_ms, 0);
  EXPECT_EQ(client::SyncText(*sync), "synced (received from the server)");
  EXPECT_EQ(reader->SyncStateOf("person", Uuid::V4().ToString()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(reader->SyncStateOf("person", "not an id").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SyncStateTest, ARefusedChangeSaysWhyUntilALaterChangeIsAcked) {
  auto coordinator = Enrolled("coordinator.db", v1::ROLE_COORDINATOR);
  const std::string a = *coordinator->Put("person", "", kCommunity, Person("Olena"));
  const std::string b = *coordinator->Put("person", "", kCommunity, Person("Olena P."));
  const std::string merge =
      *coordinator->Put("person_merge", "", kCommunity, {{"person", Ref{a}}, {"same_as", Ref{b}}});
  ASSERT_TRUE(coordinator->Sync().ok());
  auto field = Enrolled();
  ASSERT_TRUE(field->Sync().ok());
  field = Tampered(std::move(field));  // believes it is a coordinator
  ASSERT_TRUE(
      field->Put("person_merge", merge, "", {{"person", Ref{b}}, {"same_as", Ref{a}}}).ok());
  ASSERT_TRUE(field->Sync().ok());
  absl::StatusOr<RecordSync> sync = field->SyncStateOf("person_merge", merge);
  ASSERT_TRUE(sync.ok()) << sync.status();
  EXPECT_EQ(sync->state, State::kRefused);
  EXPECT_THAT(sync->refusal, HasSubstr("only a coordinator"));
  EXPECT_THAT(client::SyncText(*sync), HasSubstr("refused: "));
  // Its other records are not affected.
  EXPECT_EQ(field->SyncStateOf("person", a)->state, State::kSynced);

  // A later accepted change of a refused record: synced again.
  ASSERT_TRUE(field->Put("person", a, "", {{"phone", std::string("+380501112233")}}).ok());
  device_clock_.Advance(1000);
  server_clock_.Advance(1000);
  ASSERT_TRUE(field->Sync().ok());
  EXPECT_EQ(field->SyncStateOf("person", a)->state, State::kSynced);
  EXPECT_GT(field->SyncStateOf("person", a)->synced_ms, 0);
}

}  // namespace
}  // namespace hromada::test
