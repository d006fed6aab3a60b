// The sync engine against the server's own logic in process (LocalServer): push/ack, lost acks,
// rejections, paged pull that resumes, clock offset, and an anomaly sweep that fails each call in
// turn.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

using Timing = FaultyTransport::Timing;

// A person record as another device would have pushed it, canonical.
v1::Record OtherDevicePerson(const std::string& community, int n, uint64_t hlc) {
  v1::Record r;
  r.set_kind("person");
  r.set_id(Uuid::V4().bytes());
  r.set_community_id(community);
  r.set_hlc(hlc);
  v1::Field* f = r.add_fields();
  f->set_name("full_name");
  f->mutable_value()->set_text("Person " + std::to_string(n));
  StampChange(std::string(16, '\x77'), &r);
  return r;
}

absl::StatusOr<std::string> ParseIdBytes(const std::string& text) {
  absl::StatusOr<Uuid> id = Uuid::Parse(text);
  if (!id.ok()) return id.status();
  return id->bytes();
}

class SyncTest : public ClientTest {
 protected:
  void PutPeople(Client& client, int n, const std::string& prefix = "P") {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(client.Put("person", "", kCommunity, Person(prefix + std::to_string(i))).ok());
    }
  }
  void SeedServer(int n) {
    for (int i = 0; i < n; ++i) {
      server_.PutRecord(OtherDevicePerson(community_bytes_, i, HlcPack(kT0 - 1000, i)));
    }
  }
};

TEST_F(SyncTest, PushesThenPullsAndEmptiesTheOutbox) {
  auto client = Enrolled();
  PutPeople(*client, 3);
  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->pushed, 3u);
  EXPECT_EQ(report->acked, 3u);
  EXPECT_EQ(report->rejected, 0u);
  EXPECT_EQ(report->pulled, 0u);  // the server does not send a device its own writes
  EXPECT_GT(report->bytes_up, 0u);
  // Handshake and push: the handshake said nothing is pending (the server
  // counts no device's own writes), so there is no pull (issue 8: a small
  // sync is two round trips).
  EXPECT_EQ(report->calls, 2);
  EXPECT_EQ(server_.records().size(), 3u);
  auto status = client->GetStatus();
  EXPECT_EQ(status->pending_changes, 0u);
  EXPECT_EQ(status->last_sync_ms, kT0);
  EXPECT_EQ(status->cursor, 0u);  // nothing of others' to pass
  EXPECT_EQ(status->last_error, "");
  // The next small sync is one call: the device knows the epoch now, so
  // the push and the pull go inside the handshake (docs/protocol.md, "One
  // exchange").
  PutPeople(*client, 1);
  report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->calls, 1);
  EXPECT_EQ(report->acked, 1u);
}

TEST_F(SyncTest, TwoDevicesConverge) {
  auto a = Enrolled("a.db");
  auto b = Enrolled("b.db");
  std::string id = *a->Put("person", "", kCommunity, Person("Olena"));
  ASSERT_TRUE(a->Sync().ok());
  ASSERT_TRUE(b->Sync().ok());
  auto seen = b->Get("person", id);
  ASSERT_TRUE(seen.ok() && seen->has_value());
  device_clock_.Advance(1000);
  ASSERT_TRUE(b->Put("person", id, "", {{"phone", std::string("+380501112233")}}).ok());
  ASSERT_TRUE(a->Put("person", id, "", {{"birth_year", int64_t{1975}}}).ok());
  ASSERT_TRUE(b->Sync().ok());
  ASSERT_TRUE(a->Sync().ok());
  ASSERT_TRUE(b->Sync().ok());
  auto ra = **a->Get("person", id);
  auto rb = **b->Get("person", id);
  EXPECT_EQ(ra.fields, rb.fields);
  EXPECT_EQ(std::get<int64_t>(ra.fields.at("birth_year")), 1975);
  EXPECT_EQ(std::get<std::string>(ra.fields.at("phone")), "+380501112233");
}

TEST_F(SyncTest, LostAckIsRecoveredByTheHandshake) {
  NoRetries();
  auto client = Enrolled();
  PutPeople(*client, 3);
  faulty_.FailMethod("Push", {Timing::kAfterForward, absl::UnavailableError("link dropped")}, 1);
  absl::StatusOr<SyncReport> failed = client->Sync();
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(server_.applied_changes(), 3);
  EXPECT_EQ(client->GetStatus()->pending_changes, 3u);
  EXPECT_THAT(client->GetStatus()->last_error,
              ::testing::HasSubstr("the next sync continues from there"));

  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->acked, 3u);
  // No Push call: the handshake's acked_through covered them. The batch
  // went inside that handshake all the same (the device learns of the lost
  // ack from its answer), and the server skipped what it held.
  EXPECT_EQ(server_.push_first_seqs.size(), 1u);
  EXPECT_EQ(server_.inline_pushes, 1);
  EXPECT_EQ(server_.applied_changes(), 3);
  EXPECT_EQ(client->GetStatus()->pending_changes, 0u);
}

TEST_F(SyncTest, RetriedPushIsANoOpThatStillAcks) {
  auto client = Enrolled();
  PutPeople(*client, 3);
  faulty_.FailMethod("Push", {Timing::kAfterForward, absl::UnavailableError("lost")}, 1);
  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(server_.push_first_seqs, (std::vector<uint64_t>{1, 1}));
  EXPECT_EQ(server_.applied_changes(), 3);
  EXPECT_EQ(report->acked, 3u);
  EXPECT_EQ(client->GetStatus()->pending_changes, 0u);
}

TEST_F(SyncTest, InterruptedPullResumesFromTheCommittedCursor) {
  NoRetries();
  SeedServer(40);
  server_.max_pull_bytes = 300;  // a few records per page
  auto client = Enrolled();      // call 1: Enrol
  // Calls: 2 Handshake, 3 Pull, 4 Pull, 5 Pull <- fails before reaching the server.
  faulty_.FailCall(5);
  EXPECT_EQ(client->Sync().status().code(), absl::StatusCode::kUnavailable);
  const size_t kept = client->List("person")->size();
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, 40u);
  const uint64_t cursor = client->GetStatus()->cursor;
  EXPECT_GT(cursor, 0u);
  const size_t pulls_before = server_.pull_cursors.size();

  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(server_.pull_cursors[pulls_before], cursor) << "must resume, not restart";
  EXPECT_EQ(report->pulled, 40u - kept);
  EXPECT_EQ(server_.pulled_records, 40) << "no page is pulled twice";
  EXPECT_EQ(client->List("person")->size(), 40u);
}

// A field device altered to believe it is a coordinator writes a person
// merge: its own checks pass it, the server refuses it (only coordinators
// merge). The refusal moves aside, is undone on the device, and the rest
// goes through.
TEST_F(SyncTest, RejectedChangeMovesAsideAndDoesNotBlockTheRest) {
  auto client = Enrolled();
  const std::string a = *client->Put("person", "", kCommunity, Person("Olena"));
  const std::string b = *client->Put("person", "", kCommunity, Person("Olena P."));
  ASSERT_TRUE(client->Sync().ok());
  client = Tampered(std::move(client));
  ASSERT_TRUE(client->Put("person", "", kCommunity, Person("good1")).ok());
  const std::string merge =
      *client->Put("person_merge", "", kCommunity, {{"person", Ref{a}}, {"same_as", Ref{b}}});
  ASSERT_TRUE(client->Put("person", "", kCommunity, Person("good2")).ok());
  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->acked, 3u);
  EXPECT_EQ(report->rejected, 1u);
  EXPECT_EQ(server_.records().count({"person_merge", *ParseIdBytes(merge)}), 0u);
  auto rejected = client->Rejected();
  ASSERT_EQ(rejected->size(), 1u);
  const RejectedChange& r = rejected->front();
  EXPECT_EQ(r.device_seq, 4u);
  EXPECT_EQ(r.id, merge);
  EXPECT_EQ(r.code, absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(r.message, ::testing::HasSubstr("only a coordinator"));
  EXPECT_EQ(std::get<Ref>(r.fields.at("person")).id, a);
  EXPECT_EQ(*client->Get("person_merge", merge), std::nullopt) << "undone on the device";
  auto status = client->GetStatus();
  EXPECT_EQ(status->pending_changes, 0u);
  EXPECT_EQ(status->rejected, 1u);
  // Later changes go through.
  ASSERT_TRUE(client->Put("person", "", kCommunity, Person("good3")).ok());
  ASSERT_TRUE(client->Sync().ok());
  EXPECT_EQ(server_.records().size(), 5u);
}

TEST_F(SyncTest, LearnsTheClockOffsetAndNeverRunsBehindWhatItSaw) {
  device_clock_.Set(kT0 - 3'600'000);  // the device is an hour behind
  auto client = Enrolled();
  // Another device, 30 s ahead (within the server's limit), wrote a record.
  v1::Record ahead = OtherDevicePerson(community_bytes_, 1, HlcPack(kT0 + 30'000, 7));
  server_.PutRecord(ahead);
  ASSERT_TRUE(client->Sync().ok());
  EXPECT_EQ(client->GetStatus()->clock_offset_ms, 3'600'000);
  // A new record is stamped by server time, not the device's.
  std::string id = *client->Put("person", "", kCommunity, Person("A"));
  EXPECT_GE((*client->Get("person", id))->updated_ms, kT0);
  // An edit after the pull wins over the write it saw, though that write
  // is stamped ahead of the server's clock.
  const std::string other = IdToString(ahead.id());
  ASSERT_TRUE(client->Put("person", other, "", {{"full_name", std::string("Fixed")}}).ok());
  auto local = **client->Get("person", other);
  EXPECT_EQ(std::get<std::string>(local.fields.at("full_name")), "Fixed");
  EXPECT_GE(local.updated_ms, kT0 + 30'000);
  ASSERT_TRUE(client->Sync().ok());
  auto stored = server_.records().at({"person", ahead.id()}).record;
  EXPECT_EQ(stored.fields(0).value().text(), "Fixed");
}

TEST_F(SyncTest, PushesInContiguousByteBoundedBatches) {
  ClientOptions options = Options();
  options.settings.max_push_batch_bytes = 4096;
  server_.AddCode("c", {community_bytes_});
  auto client = *OpenClient(dir_.Path("batch.db"), options);
  ASSERT_TRUE(client->Enrol("http://fake:1", "c", "batch").ok());
  PutPeople(*client, 200);
  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GT(server_.push_first_seqs.size(), 2u);
  EXPECT_EQ(server_.push_first_seqs.front(), 1u);
  EXPECT_TRUE(std::is_sorted(server_.push_first_seqs.begin(), server_.push_first_seqs.end()));
  EXPECT_EQ(server_.applied_changes(), 200);
  EXPECT_EQ(report->acked, 200u);
}

TEST_F(SyncTest, ShrinksBatchesWhenTheServerRefusesTheirSize) {
  server_.hard_push_bytes = 3000;  // announces 1 MiB but takes 3000 bytes
  auto client = Enrolled();
  PutPeople(*client, 300);
  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(server_.applied_changes(), 300);
  EXPECT_EQ(client->GetStatus()->pending_changes, 0u);
}

TEST_F(SyncTest, AChangeTooLargeToSendIsKeptAsideAndDoesNotBlock) {
  server_.hard_push_bytes = 1000;
  auto client = Enrolled();
  Fields big = Person("Big");
  big["notes"] = std::string(1500, 'x');
  std::string big_id = *client->Put("person", "", kCommunity, big);
  PutPeople(*client, 3);
  absl::StatusOr<SyncReport> report = client->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rejected, 1u);
  EXPECT_EQ(server_.applied_changes(), 3);
  EXPECT_EQ(server_.records().count({"person", *ParseIdBytes(big_id)}), 0u);
  auto rejected = *client->Rejected();
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].code, absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(rejected[0].message, ::testing::HasSubstr("too large"));
  EXPECT_EQ(client->GetStatus()->pending_changes, 0u);
}

TEST_F(SyncTest, ReportsProgressByPhase) {
  SeedServer(10);
  auto client = Enrolled();
  PutPeople(*client, 5);
  std::vector<SyncProgress> seen;
  ASSERT_TRUE(client->Sync([&](const SyncProgress& p) { seen.push_back(p); }).ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front().phase, SyncPhase::kHandshake);
  EXPECT_EQ(seen.back().phase, SyncPhase::kDone);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].phase, seen[i - 1].phase);
  auto last_push = std::find_if(seen.rbegin(), seen.rend(),
                                [](const SyncProgress& p) { return p.phase == SyncPhase::kPush; });
  EXPECT_EQ(last_push->records_done, 5u);
  EXPECT_EQ(last_push->records_expected, 5u);
  EXPECT_EQ(last_push->bytes_done, last_push->bytes_expected);
  auto last_pull = std::find_if(seen.rbegin(), seen.rend(),
                                [](const SyncProgress& p) { return p.phase == SyncPhase::kPull; });
  EXPECT_EQ(last_pull->records_done, 10u);  // not its own 5 back
  EXPECT_EQ(last_pull->records_expected, 10u);
}

TEST_F(SyncTest, EnrolmentErrors) {
  auto client = Open();
  EXPECT_EQ(client->Sync().status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(client->Enrol("http://fake:1", "nope", "x").code(), absl::StatusCode::kNotFound);
  server_.AddCode("ok", {community_bytes_});
  ASSERT_TRUE(client->Enrol("http://fake:1", "ok", "x").ok());
  EXPECT_EQ(client->Enrol("http://fake:1", "ok", "x").code(),
            absl::StatusCode::kFailedPrecondition);
  auto status = client->GetStatus();
  EXPECT_TRUE(status->enrolled);
  EXPECT_EQ(status->communities, std::vector<std::string>{kCommunity});
  EXPECT_EQ(status->role, Role::kField);
}

TEST_F(SyncTest, EditsBeforeEnrolmentSyncAfterIt) {
  auto client = Open();
  PutPeople(*client, 2);
  server_.AddCode("ok", {community_bytes_});
  ASSERT_TRUE(client->Enrol("http://fake:1", "ok", "x").ok());
  ASSERT_TRUE(client->Sync().ok());
  EXPECT_EQ(server_.applied_changes(), 2);
  // The server's stamps (with the real device id) replace the local ones.
  ASSERT_TRUE(client->Sync().ok());
  EXPECT_EQ(client->List("person")->size(), 2u);
}

TEST_F(SyncTest, UnreachableServerKeepsEverything) {
  auto client = Enrolled();
  PutPeople(*client, 2);
  faulty_.FailMethod("Handshake", {Timing::kBeforeForward, absl::UnavailableError("no route")});
  auto report = client->Sync();
  EXPECT_EQ(report.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(client->GetStatus()->pending_changes, 2u);
  EXPECT_FALSE(client->GetStatus()->last_sync_ms.has_value());
}

TEST_F(SyncTest, RevokedDeviceIsToldInWords) {
  auto client = Enrolled();
  faulty_.FailMethod("Handshake",
                     {Timing::kBeforeForward, absl::UnauthenticatedError("token revoked")});
  auto report = client->Sync();
  EXPECT_EQ(report.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(report.status().message()), ::testing::HasSubstr("enrol it again"));
}

// SQLite-style anomaly sweep: fail call N (before or after it reaches the
// server) for N = 1, 2, ... until a sync passes untouched; after each
// failure a clean sync must converge with every change applied once.
TEST_F(SyncTest, AnomalySweepFailsEachCallInTurn) {
  for (Timing timing : {Timing::kBeforeForward, Timing::kAfterForward}) {
    for (int n = 1;; ++n) {
      SCOPED_TRACE(testing::Message() << "call " << n << " timing " << static_cast<int>(timing));
      LocalServer server(&server_clock_,
                         dir_.Path(absl::StrCat("server-", n, "-", static_cast<int>(timing))));
      server.max_pull_bytes = 400;
      for (int i = 0; i < 20; ++i) {
        server.PutRecord(OtherDevicePerson(community_bytes_, i, HlcPack(kT0 - 5000, i)));
      }
      server.AddCode("c", {community_bytes_});
      auto inner = server.Connect();
      FaultyTransport faulty(inner.get());
      ClientOptions options = Options();
      auto no_retry = std::make_shared<RetryPolicy>(*retry_);
      no_retry->max_attempts = 1;
      options.retry_policy = no_retry;
      options.settings.max_push_batch_bytes = 4096;
      options.transport_factory =
          [&](const std::string&) -> absl::StatusOr<std::unique_ptr<Transport>> {
        return std::make_unique<BorrowedTransport>(&faulty);
      };
      const std::string path = dir_.Path("anomaly-" + std::to_string(n) + "-" +
                                         std::to_string(static_cast<int>(timing)));
      auto client = *OpenClient(path, options);
      ASSERT_TRUE(client->Enrol("http://fake:1", "c", "x").ok());
      PutPeople(*client, 30);
      faulty.FailCall(n + 1, {timing, absl::UnavailableError("injected")});  // +1: Enrol
      absl::StatusOr<SyncReport> first = client->Sync();
      const bool hit = faulty.faults() > 0;
      EXPECT_EQ(first.ok(), !hit) << first.status();
      faulty.ClearFaults();
      if (hit) {
        // A reopened profile (a process that died) must resume as well.
        client.reset();
        client = *OpenClient(path, options);
        absl::StatusOr<SyncReport> second = client->Sync();
        ASSERT_TRUE(second.ok()) << second.status();
      }
      EXPECT_EQ(server.applied_changes(), 30);
      EXPECT_EQ(server.records().size(), 50u);
      EXPECT_EQ(client->GetStatus()->pending_changes, 0u);
      EXPECT_EQ(client->List("person")->size(), 50u);
      if (!hit) break;
      ASSERT_LT(n, 100) << "the sweep does not end";
    }
  }
}

}  // namespace
}  // namespace hromada::test
