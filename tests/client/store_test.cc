// The local store on a real SQLite file: one transaction per edit, all or
// nothing, everything kept across close and reopen.
#include "client/src/store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/src/crypto/key_store.h"
#include "client/src/store/migrate.h"
#include "client/src/store/outbox.h"
#include "client/src/store/values.h"
#include "hromada/v1/record.pb.h"
#include "shared/base/sqlite.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "shared/sync/validate.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

using ::testing::Optional;

// Counts rows of `table` in the profile, read with a separate connection.
int64_t Rows(const std::string& path, const std::string& table) {
  auto db = sql::Db::Open(path, /*read_only=*/true);
  EXPECT_TRUE(db.ok()) << db.status();
  auto stmt = (*db)->PrepareOnce("SELECT count(*) FROM " + table);
  EXPECT_TRUE(stmt.ok());
  EXPECT_TRUE(*(*stmt)->Step());
  return (*stmt)->Int(0);
}

class StoreTest : public ClientTest {
 protected:
  std::string path() { return dir_.Path("device.db"); }
};

TEST_F(StoreTest, PutWritesStateAndOutboxTogether) {
  auto client = Open();
  absl::StatusOr<std::string> id = client->Put("person", "", kCommunity, Person("Olena"));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(Rows(path(), "records"), 1);
  EXPECT_EQ(Rows(path(), "outbox"), 1);
  auto got = client->Get("person", *id);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(std::get<std::string>((*got)->fields.at("full_name")), "Olena");
  EXPECT_EQ((*got)->community_id, kCommunity);
  EXPECT_EQ(Uuid::Parse(*id)->version(), 7);
}

TEST_F(StoreTest, ReopenKeepsRecordsOutboxSeqAndClock) {
  std::string id;
  uint64_t first_updated = 0;
  {
    auto client = Open();
    id = *client->Put("person", "", kCommunity, Person("Olena"));
    first_updated = (*client->Get("person", id))->updated_ms;
  }
  device_clock_.Set(kT0 - 60000);  // the device clock went back a minute
  auto client = Open();
  auto got = client->Get("person", id);
  ASSERT_TRUE(got.ok() && got->has_value());
  ASSERT_TRUE(client->Put("person", id, "", {{"phone", std::string("+380")}}).ok());
  EXPECT_EQ(Rows(path(), "outbox"), 2);
  auto after = client->Get("person", id);
  EXPECT_GE((*after)->updated_ms, static_cast<int64_t>(first_updated))
      << "the HLC must not run behind what it issued before the reopen";
  EXPECT_EQ(std::get<std::string>((*after)->fields.at("phone")), "+380");
  EXPECT_EQ(std::get<std::string>((*after)->fields.at("full_name")), "Olena");
  auto status = client->GetStatus();
  EXPECT_EQ(status->pending_changes, 2u);
}

TEST_F(StoreTest, ValidationFailureWritesNothing) {
  auto client = Open();
  auto bad_type = client->Put("person", "", kCommunity,
                              {{"full_name", std::string("A")}, {"birth_year", std::string("x")}});
  EXPECT_EQ(bad_type.status().code(), absl::StatusCode::kInvalidArgument);
  auto missing = client->Put("person", "", kCommunity, {{"phone", std::string("1")}});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(missing.status().message()), ::testing::HasSubstr("full_name"));
  auto no_community = client->Put("person", "", "", Person("A"));
  EXPECT_EQ(no_community.status().code(), absl::StatusCode::kInvalidArgument);
  auto unknown_kind = client->Put("cat", "", kCommunity, Person("A"));
  EXPECT_EQ(unknown_kind.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rows(path(), "records"), 0);
  EXPECT_EQ(Rows(path(), "outbox"), 0);
  // The next good edit still gets device_seq 1.
  ASSERT_TRUE(client->Put("person", "", kCommunity, Person("B")).ok());
  auto db = sql::Db::Open(path(), true);
  auto stmt = (*db)->PrepareOnce("SELECT min(device_seq) FROM outbox");
  ASSERT_TRUE(*(*stmt)->Step());
  EXPECT_EQ((*stmt)->Int(0), 1);
}

TEST_F(StoreTest, PutAllIsAllOrNothing) {
  auto client = Open();
  std::vector<Edit> edits = {{"person", "", kCommunity, Person("A")},
                             {"person", "", kCommunity, {{"phone", std::string("1")}}}};
  EXPECT_FALSE(client->PutAll(edits).ok());
  EXPECT_EQ(Rows(path(), "records"), 0);
  edits.pop_back();
  edits.push_back({"person", "", kCommunity, Person("B")});
  auto ids = client->PutAll(edits);
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(ids->size(), 2u);
  EXPECT_EQ(Rows(path(), "outbox"), 2);
}

TEST_F(StoreTest, PutChangesOnlyNamedFieldsAndNullClears) {
  auto client = Open();
  std::string id = *client->Put("person", "", kCommunity, Person("A"));
  ASSERT_TRUE(client->Put("person", id, "", {{"birth_year", Null{}}}).ok());
  auto got = *client->Get("person", id);
  EXPECT_EQ(got->fields.count("birth_year"), 0u);
  EXPECT_EQ(got->fields.count("full_name"), 1u);
  EXPECT_EQ(client->Put("person", id, "", {{"full_name", Null{}}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, DeleteLeavesATombstone) {
  auto client = Open();
  std::string id = *client->Put("person", "", kCommunity, Person("A"));
  ASSERT_TRUE(client->Delete("person", id).ok());
  EXPECT_EQ(*client->Get("person", id), std::nullopt);
  EXPECT_TRUE(client->List("person")->empty());
  EXPECT_EQ(client->Delete("person", id).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(client->Delete("person", Uuid::V4().ToString()).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Rows(path(), "outbox"), 2);
  // A later write brings it back.
  ASSERT_TRUE(client->Put("person", id, "", Person("A2")).ok());
  EXPECT_TRUE(client->Get("person", id)->has_value());
}

TEST_F(StoreTest, CommunityIsFixedAtCreation) {
  auto client = Open();
  std::string id = *client->Put("person", "", kCommunity, Person("A"));
  auto moved = client->Put("person", id, Uuid::V4().ToString(), Person("A"));
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, AttendanceIdIsDerivedFromMeetingAndPerson) {
  auto client = Open();
  const std::string meeting =
      *client->Put("meeting", "", kCommunity, {{"date", std::string("2024-05-01")}});
  const std::string person = *client->Put("person", "", kCommunity, Person("A"));
  Fields fields = {{"meeting", Ref{meeting}}, {"person", Ref{person}}};
  auto a = client->Put("attendance", "", kCommunity, fields);
  auto b = client->Put("attendance", "", kCommunity, fields);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *AttendanceId(meeting, person));
  EXPECT_EQ(Uuid::Parse(*a)->version(), 5);
  EXPECT_EQ(client->List("attendance")->size(), 1u);
}

TEST_F(StoreTest, AttendanceNeedsItsMeetingAndPersonHere) {
  auto client = Open();
  const std::string meeting =
      *client->Put("meeting", "", kCommunity, {{"date", std::string("2024-05-01")}});
  const std::string nobody = Uuid::V4().ToString();
  auto a = client->Put("attendance", "", kCommunity,
                       {{"meeting", Ref{meeting}}, {"person", Ref{nobody}}});
  EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("'person'"), std::string::npos) << a.status();
  EXPECT_TRUE(client->List("attendance")->empty());
  EXPECT_EQ(Rows(path(), "outbox"), 1) << "only the meeting";
}

TEST_F(StoreTest, ListStreamsByKindInIdOrder) {
  auto client = Open();
  for (int i = 0; i < 5; ++i) client->Put("person", "", kCommunity, Person("P")).IgnoreError();
  client->Put("meeting", "", kCommunity, {{"date", std::string("2024-05-01")}}).IgnoreError();
  auto people = client->List("person");
  ASSERT_EQ(people->size(), 5u);
  for (size_t i = 1; i < people->size(); ++i) EXPECT_LT((*people)[i - 1].id, (*people)[i].id);
  int seen = 0;
  ASSERT_TRUE(client->ForEach("person", [&](const RecordView&) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);
}

TEST_F(StoreTest, RefusesAProfileFromANewerVersion) {
  { Open(); }
  {
    auto db = sql::Db::Open(path());
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 99").ok());
  }
  auto client = OpenClient(path(), Options());
  EXPECT_EQ(client.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(StoreTest, RefusesAFileThatIsNotAProfile) {
  FILE* f = fopen(path().c_str(), "w");
  fputs("this is not a database, just some text that is long enough to matter......", f);
  fclose(f);
  auto client = OpenClient(path(), Options());
  EXPECT_FALSE(client.ok());
  EXPECT_NE(client.status().code(), absl::StatusCode::kOk);
}

TEST_F(StoreTest, ScopeIsCheckedLocallyOnceEnrolled) {
  auto client = Enrolled();
  auto outside = client->Put("person", "", Uuid::V4().ToString(), Person("A"));
  EXPECT_EQ(outside.status().code(), absl::StatusCode::kPermissionDenied);
  auto shared = client->Put(
      "community", "", "",
      {{"name_uk", std::string("Білозерка")}, {"name_latin", std::string("Bilozerka")}});
  EXPECT_EQ(shared.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(client->Put("person", "", kCommunity, Person("A")).ok());
}

// Text is stored as the server requires it (trimmed, NFC), whatever the
// keyboard sent: "Йосип" typed as И + combining breve is the composed "Й".
TEST_F(StoreTest, StoresTextTrimmedAndComposed) {
  auto client = Open();
  const std::string typed =
      "  \xD0\x98\xCC\x86"
      "осип Олена\t";  // И + breve
  auto id = client->Put("person", "", kCommunity,
                        {{"full_name", typed}, {"organisation", std::string(" ГО Відродження ")}});
  ASSERT_TRUE(id.ok()) << id.status();
  auto got = client->Get("person", *id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(std::get<std::string>((*got)->fields.at("full_name")), "Йосип Олена");
  EXPECT_EQ(std::get<std::string>((*got)->fields.at("organisation")), "ГО Відродження");
  // The outbox holds the same bytes the store does: the server sees NFC.
  auto db = sql::Db::Open(path(), /*read_only=*/true);
  auto stmt = (*db)->PrepareOnce("SELECT device_seq, change FROM outbox");
  ASSERT_TRUE(*(*stmt)->Step());
  client::KeyUnlock unlock;
  unlock.passphrase = kTestPassphrase;
  auto key = client::UnlockKeyFile(client::KeyFilePath(path()), unlock);
  ASSERT_TRUE(key.ok()) << key.status();
  std::string bytes;
  ASSERT_TRUE(client::RowCipher(*key)
                  .Open((*stmt)->Blob(1), client::ChangeAd((*stmt)->Int(0)), &bytes)
                  .ok());
  v1::Record change;
  ASSERT_TRUE(change.ParseFromString(bytes));
  EXPECT_TRUE(ValidateChange(change).ok()) << ValidateChange(change);
}

}  // namespace
}  // namespace hromada::test

namespace hromada::test {
namespace {

v1::Record PersonChange(const std::string& id, const std::string& community,
                        const std::string& field, const std::string& text) {
  v1::Record r;
  r.set_kind("person");
  r.set_id(id);
  r.set_community_id(community);
  v1::Field* f = r.add_fields();
  f->set_name(field);
  f->mutable_value()->set_text(text);
  return r;
}

// Ack with a refusal: the record becomes the server's state merged with the
// device's changes still in the outbox after the acked ones.
TEST(StoreUndoTest, ARefusalRestoresTheServerStatePlusUnsentChanges) {
  TempDir dir("hromada-undo");
  ManualClock clock(kT0);
  auto store = client::Store::Open(dir.Path("p.db"), &clock, client::SecretKey::Random());
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string id = Uuid::V4().bytes(), community = Uuid::V4().bytes();
  std::vector<v1::Record> edits;
  edits.push_back(PersonChange(id, community, "full_name", "Olena"));      // seq 1
  edits.push_back(PersonChange(id, community, "full_name", "Refused"));    // seq 2
  edits.push_back(PersonChange(id, community, "phone", "+380501112233"));  // seq 3
  for (v1::Record& e : edits) ASSERT_TRUE((*store)->Apply({e}).ok());

  // The server applied 1, refused 2; 3 is still unsent.
  v1::Record server = PersonChange(id, community, "full_name", "Olena");
  server.set_hlc(HlcPack(kT0, 0));
  StampChange("", &server);
  v1::Rejection r;
  r.set_device_seq(2);
  r.set_code(3);
  r.set_kind("person");
  r.set_id(id);
  r.set_state_known(true);
  *r.mutable_server_state() = server;
  ASSERT_TRUE((*store)->Ack(2, {r}, kT0).ok());
  auto state = (*store)->Get("person", id);
  ASSERT_TRUE(state.ok() && state->has_value());
  ASSERT_EQ((*state)->fields_size(), 2);
  EXPECT_EQ((*state)->fields(0).value().text(), "Olena");
  EXPECT_EQ((*state)->fields(1).value().text(), "+380501112233") << "unsent, kept";

  // A refused create of a record the server does not have: gone.
  const std::string other = Uuid::V4().bytes();
  ASSERT_TRUE((*store)->Apply({PersonChange(other, community, "full_name", "X")}).ok());  // 4
  v1::Rejection gone;
  gone.set_device_seq(4);
  gone.set_kind("person");
  gone.set_id(other);
  gone.set_state_known(true);
  ASSERT_TRUE((*store)->Ack(4, {gone}, kT0).ok());
  EXPECT_EQ(*(*store)->Get("person", other), std::nullopt);
  EXPECT_EQ(*(*store)->RejectedCount(), 2u);
}

// After a restore (a new epoch) the changes the server lacks go back into
// the outbox byte for byte as first pushed, and are never re-stamped.
TEST(StoreRestoreTest, ANewEpochSendsAgainWhatTheServerLacksAsItWasPushed) {
  TempDir dir("hromada-restore");
  ManualClock clock(kT0);
  const client::SecretKey key = client::SecretKey::Random();
  auto store = client::Store::Open(dir.Path("p.db"), &clock, key);
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string id = Uuid::V4().bytes(), community = Uuid::V4().bytes();
  for (const char* name : {"Olena", "Olena P.", "Olena Petrenko"}) {
    ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "full_name", name)}).ok());
  }
  const client::OutboxBatch pushed = *(*store)->ReadOutbox(0, 1 << 20);
  ASSERT_EQ(pushed.changes.size(), 3u);
  ASSERT_EQ(*(*store)->Ack(3, {}, kT0), 3u);
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "phone", "+380")}).ok());  // 4
  ASSERT_TRUE((*store)->ApplyPage({}, 77).ok());

  EXPECT_EQ(*(*store)->AdoptEpoch("first", /*resend=*/false, 0), 0u) << "a first epoch: noted";
  EXPECT_EQ((*store)->profile().cursor, 77u);
  EXPECT_EQ(*(*store)->AdoptEpoch("second", /*resend=*/true, 1), 2u);
  EXPECT_EQ((*store)->profile().cursor, 0u) << "pull everything anew";
  const client::OutboxBatch again = *(*store)->ReadOutbox(1, 1 << 20);
  ASSERT_EQ(again.first_seq, 2u);
  ASSERT_EQ(again.changes.size(), 3u) << "seqs 2 and 3 again, then 4: no gap";
  EXPECT_EQ(again.changes[0], pushed.changes[1]);
  EXPECT_EQ(again.changes[1], pushed.changes[2]);

  // A clock an hour slow: the unsent change alone is re-stamped.
  EXPECT_EQ(*(*store)->CorrectStamps(3'600'000, kT0 + 7'200'000), 1u);
  const client::OutboxBatch corrected = *(*store)->ReadOutbox(1, 1 << 20);
  EXPECT_EQ(corrected.changes[0], pushed.changes[1]);
  EXPECT_EQ(corrected.changes[1], pushed.changes[2]);
  EXPECT_NE(corrected.changes[2], again.changes[2]);

  store->reset();
  store = client::Store::Open(dir.Path("p.db"), &clock, key);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->profile().epoch, "second");
  EXPECT_EQ((*store)->profile().stamps_kept_through, 3u);
  EXPECT_EQ((*store)->GetOutboxStats()->count, 3u);
}

// A change written into a bundle may be applied by the server from that
// file: a later re-dating (another export, a sync) must not give it a new
// stamp, and what follows stays after it.
TEST(StoreRestoreTest, ChangesWrittenIntoABundleKeepTheirStamps) {
  TempDir dir("hromada-keep-stamps");
  ManualClock clock(kT0);
  auto store = client::Store::Open(dir.Path("p.db"), &clock, client::SecretKey::Random());
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string id = Uuid::V4().bytes(), community = Uuid::V4().bytes();
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "full_name", "Olena")}).ok());
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "full_name", "Olena P.")}).ok());
  const client::OutboxBatch exported = *(*store)->ReadOutbox(0, 1 << 20);
  ASSERT_TRUE((*store)->KeepStamps(1).ok());
  ASSERT_TRUE((*store)->KeepStamps(0).ok()) << "never lowered";

  // The clock turns out an hour slow: only the change not in the bundle moves.
  EXPECT_EQ(*(*store)->CorrectStamps(3'600'000, kT0 + 7'200'000), 1u);
  const client::OutboxBatch now = *(*store)->ReadOutbox(0, 1 << 20);
  EXPECT_EQ(now.changes[0], exported.changes[0]);
  EXPECT_NE(now.changes[1], exported.changes[1]);
  v1::Record first, second;
  ASSERT_TRUE(first.ParseFromString(now.changes[0]) && second.ParseFromString(now.changes[1]));
  EXPECT_GT(second.hlc(), first.hlc());
  // A fast clock cannot bring the second edit back before the first.
  EXPECT_EQ(*(*store)->CorrectStamps(-7'200'000, kT0 - 7'200'000), 1u);
  const client::OutboxBatch back = *(*store)->ReadOutbox(0, 1 << 20);
  EXPECT_EQ(back.changes[0], exported.changes[0]);
  ASSERT_TRUE(second.ParseFromString(back.changes[1]));
  EXPECT_GT(second.hlc(), first.hlc());
  EXPECT_EQ((*store)->profile().stamps_kept_through, 1u);
}

// "Did it arrive?" weighs a refusal against the last ack by the order of
// the changes, not by the device's clock, which may jump.
TEST(StoreSyncStateTest, ARefusalCountsOnlyIfNoLaterChangeWasAckedWhateverTheClock) {
  TempDir dir("hromada-sync-state");
  ManualClock clock(kT0);
  auto store = client::Store::Open(dir.Path("p.db"), &clock, client::SecretKey::Random());
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string id = Uuid::V4().bytes(), community = Uuid::V4().bytes();
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "full_name", "Olena")}).ok());
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "phone", "+380")}).ok());
  auto refusal = [&](uint64_t seq) {
    v1::Rejection r;
    r.set_device_seq(seq);
    r.set_code(3);
    r.set_message("refused for the test");
    r.set_kind("person");
    r.set_id(id);
    return r;
  };
  // Seq 1 refused, seq 2 accepted, in one answer at one time: synced.
  ASSERT_TRUE((*store)->Ack(2, {refusal(1)}, kT0).ok());
  EXPECT_FALSE((*store)->SyncStateOf("person", id)->refused);

  // The clock is set back an hour; the next change is refused: refused,
  // though its refusal is dated before the ack.
  clock.Set(kT0 - 3'600'000);
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "phone", "+381")}).ok());
  ASSERT_TRUE((*store)->Ack(3, {refusal(3)}, clock.NowMillis()).ok());
  client::RecordSyncState state = *(*store)->SyncStateOf("person", id);
  EXPECT_TRUE(state.refused);
  EXPECT_EQ(state.refusal, "refused for the test");
}

// Each change carries what the device held of each field it writes (or,
// for a delete, hides) and of the tombstone, for the server to tell a
// concurrent edit from a sequential one (shared/sync/conflict.h).
TEST(StoreBasesTest, AnEditCarriesTheClocksOfTheValuesItReplaced) {
  TempDir dir("hromada-bases");
  ManualClock clock(kT0);
  auto store = client::Store::Open(dir.Path("p.db"), &clock, client::SecretKey::Random());
  ASSERT_TRUE(store.ok()) << store.status();
  const std::string id = Uuid::V4().bytes(), community = Uuid::V4().bytes();
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "full_name", "Olena")}).ok());
  ASSERT_TRUE((*store)->Apply({PersonChange(id, community, "full_name", "Olena P.")}).ok());
  std::optional<v1::Record> state = *(*store)->Get("person", id);
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->bases_size(), 0) << "the local state holds no bases";
  v1::Record del;
  del.set_kind("person");
  del.set_id(id);
  del.set_deleted_hlc(1);
  ASSERT_TRUE((*store)->Apply({del}).ok());
  const client::OutboxBatch batch = *(*store)->ReadOutbox(0, 1 << 20);
  ASSERT_EQ(batch.changes.size(), 3u);
  v1::Record first, second, third;
  ASSERT_TRUE(first.ParseFromString(batch.changes[0]));
  ASSERT_TRUE(second.ParseFromString(batch.changes[1]));
  ASSERT_TRUE(third.ParseFromString(batch.changes[2]));
  const auto base = [](const v1::Record& r, const std::string& name) -> int64_t {
    for (const v1::Base& b : r.bases()) {
      if (b.name() == name) return static_cast<int64_t>(b.hlc());
    }
    return -1;  // none
  };
  EXPECT_EQ(base(first, ""), 0);
  EXPECT_EQ(base(first, "full_name"), 0) << "nothing held yet";
  EXPECT_EQ(base(second, "full_name"), static_cast<int64_t>(first.hlc()));
  EXPECT_EQ(base(second, "phone"), -1) << "only the fields it writes";
  EXPECT_EQ(base(third, "full_name"), static_cast<int64_t>(second.hlc())) << "what it hides";
}

// The outbox part alone (outbox.h), on a real file: a batch is contiguous,
// so a gap in the device_seqs ends it and the next batch starts after the
// gap; an ack moves refused changes aside and keeps every acked change in
// the sent log, which Resend puts back as it was.
TEST(OutboxTest, ABatchStopsAtAGapAndTheSentLogKeepsEveryAckedChange) {
  TempDir dir("hromada-outbox");
  auto db = sql::Db::Open(dir.Path("p.db"));
  ASSERT_TRUE(db.ok()) << db.status();
  const client::RowCipher cipher(client::SecretKey::Random());
  ASSERT_TRUE(client::CreateOrUpgradeSchema(db->get(), cipher).ok());
  client::Outbox outbox(db->get(), &cipher);
  for (uint64_t seq : {1, 2, 4}) {
    v1::Record change;
    change.set_kind("person");
    change.set_id(std::string(16, static_cast<char>(seq)));
    ASSERT_TRUE(outbox.Append(seq, change.SerializeAsString(), change.hlc(), {}).ok());
  }
  const client::OutboxBatch first = *outbox.Read(0, 1 << 20);
  EXPECT_EQ(first.first_seq, 1u);
  EXPECT_EQ(first.changes.size(), 2u) << "1 and 2, not past the gap";
  const client::OutboxBatch next = *outbox.Read(2, 1 << 20);
  EXPECT_EQ(next.first_seq, 4u);
  EXPECT_EQ(next.changes.size(), 1u);

  v1::Rejection refused;
  refused.set_device_seq(2);
  refused.set_message("refused");
  EXPECT_EQ(*outbox.Ack(2, {refused}, kT0), 2u);
  EXPECT_EQ(*outbox.RejectedCount(), 1u);
  EXPECT_EQ(outbox.Stats()->first_seq, 4u);
  const client::Outbox::Resent resent = *outbox.Resend(0);
  EXPECT_EQ(resent.moved, 2u) << "the refused change too: the run of seqs stays unbroken";
  EXPECT_EQ(resent.through, 2u);
  const client::OutboxBatch again = *outbox.Read(0, 1 << 20);
  ASSERT_EQ(again.changes.size(), 2u);
  EXPECT_EQ(again.changes, first.changes) << "as it was pushed";
}

// An ack handed the batch it answers reads that batch's records in
// place; a change acked outside it (its ack was lost earlier) is opened.
// Either way every acked record, and no refused one, is noted acked, and
// the note is the same as an ack without the batch makes.
TEST(OutboxTest, AnAckWithItsBatchNotesTheSameRecordsAsWithout) {
  for (const bool with_batch : {false, true}) {
    SCOPED_TRACE(with_batch ? "with the batch" : "without");
    TempDir dir("hromada-outbox-ack");
    auto db = sql::Db::Open(dir.Path("p.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    const client::RowCipher cipher(client::SecretKey::Random());
    ASSERT_TRUE(client::CreateOrUpgradeSchema(db->get(), cipher).ok());
    client::Outbox outbox(db->get(), &cipher);
    for (uint64_t seq = 1; seq <= 5; ++seq) {
      v1::Record change;
      change.set_kind(seq == 3 ? "meeting" : "person");
      change.set_id(std::string(16, static_cast<char>('a' + seq)));
      ASSERT_TRUE(outbox.Append(seq, change.SerializeAsString(), change.hlc(), {}).ok());
    }
    // 1 was pushed before and its ack lost; the batch in hand is 2..4.
    const client::OutboxBatch batch = *outbox.Read(1, 1 << 20);
    ASSERT_EQ(batch.first_seq, 2u);
    v1::Rejection refused;
    refused.set_device_seq(4);
    EXPECT_EQ(*outbox.Ack(4, {refused}, kT0, with_batch ? &batch : nullptr), 4u);
    auto noted = [&](const char* kind, char id) {
      auto stmt = (*db)->PrepareOnce(
          "SELECT acked_ms, acked_seq FROM record_sync "
          "WHERE kind = ? AND id = ?");
      (*stmt)->BindText(1, kind).BindBlob(2, std::string(16, id));
      return *(*stmt)->Step() ? (*stmt)->Int(1) : int64_t{-1};
    };
    EXPECT_EQ(noted("person", 'b'), 1) << "acked outside the batch: opened";
    EXPECT_EQ(noted("person", 'c'), 2);
    EXPECT_EQ(noted("meeting", 'd'), 3) << "its kind read from the batch";
    EXPECT_EQ(noted("person", 'e'), -1) << "refused: not acked";
    EXPECT_EQ(noted("person", 'f'), -1) << "not acked yet";
  }
}

// What the C API's text and JSON puts read, as field staff type it: a
// choice in either language, a number with group spaces or a decimal
// comma. An ambiguous "1,500" is refused, not read 1000 times off.
TEST(ParseValueTextTest, ReadsChoicesAndNumbersAsPeopleTypeThem) {
  using client::ParseValueText;
  EXPECT_EQ(std::get<std::string>(*ParseValueText("person", "gender", "жінка")), "female");
  EXPECT_EQ(std::get<std::string>(*ParseValueText("person", "gender", "Female")), "female");
  EXPECT_EQ(std::get<std::string>(*ParseValueText("person", "gender", "кіт")), "кіт")
      << "left for validation to refuse";
  EXPECT_EQ(std::get<double>(*ParseValueText("initiative", "estimated_cost", "80 000")), 80000.0);
  EXPECT_EQ(std::get<double>(*ParseValueText("initiative", "estimated_cost", "80\u00a0000")),
            80000.0);
  EXPECT_EQ(std::get<double>(*ParseValueText("initiative", "estimated_cost", "1 500,50")), 1500.5);
  EXPECT_EQ(std::get<int64_t>(*ParseValueText("person", "birth_year", " 1 987 ")), 1987);
  EXPECT_FALSE(ParseValueText("initiative", "estimated_cost", "1,500").ok());
  EXPECT_FALSE(ParseValueText("initiative", "estimated_cost", "1,5,0").ok());
}

}  // namespace
}  // namespace hromada::test
