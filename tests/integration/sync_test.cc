// Real server process, real clients: offline edits converge, retries and
// lost acks apply nothing twice, a broken pull resumes, scope holds, and a
// refused change is kept aside without blocking the outbox.
#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "absl/strings/str_cat.h"
#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "shared/base/clock.h"
#include "shared/base/deflate.h"
#include "shared/base/uuid.h"
#include "tests/integration/fixture.h"

namespace hromada::test {
namespace {

Fields Person(const std::string& name) { return {{"full_name", name}}; }

size_t Count(Client& c, const std::string& kind) {
  absl::StatusOr<std::vector<RecordView>> all = c.List(kind);
  EXPECT_TRUE(all.ok()) << all.status();
  return all.ok() ? all->size() : 0;
}

class SyncTest : public SyncFixture {};

TEST_F(SyncTest, TwoDevicesEditOfflineAndConverge) {
  ManualClock clock_a(SystemClock::Get().NowMillis());
  ManualClock clock_b(SystemClock::Get().NowMillis());
  ClientOptions oa = WithTestKey(), ob = WithTestKey();
  oa.clock = &clock_a;
  ob.clock = &clock_b;
  auto a = NewDevice("a", "Bilozerka", "field", oa);
  auto b = NewDevice("b", "Bilozerka", "field", ob);
  const std::string id = *a->Put("person", "", bilozerka_, Person("Олена Петренко"));
  ASSERT_TRUE(a->Sync().ok());
  ASSERT_TRUE(b->Sync().ok());
  ASSERT_TRUE((*b->Get("person", id)).has_value());

  // Offline: different fields on each device, and the same field on both.
  clock_a.Advance(1000);
  ASSERT_TRUE(a->Put("person", id, "", {{"phone", std::string("+380501112233")}}).ok());
  ASSERT_TRUE(a->Put("person", id, "", Person("Олена Петренко (A)")).ok());
  clock_b.Advance(2000);  // b writes the name later: b's name wins everywhere
  ASSERT_TRUE(b->Put("person", id, "", {{"organisation", std::string("ДСНС")}}).ok());
  ASSERT_TRUE(b->Put("person", id, "", Person("Олена Петренко (B)")).ok());

  ASSERT_TRUE(a->Sync().ok());
  ASSERT_TRUE(b->Sync().ok());
  ASSERT_TRUE(a->Sync().ok());
  auto fresh = NewDevice("fresh", "Bilozerka");  // the server's state, as pulled
  ASSERT_TRUE(fresh->Sync().ok());

  const RecordView ra = **a->Get("person", id);
  EXPECT_EQ(std::get<std::string>(ra.fields.at("full_name")), "Олена Петренко (B)");
  EXPECT_EQ(std::get<std::string>(ra.fields.at("phone")), "+380501112233");
  EXPECT_EQ(std::get<std::string>(ra.fields.at("organisation")), "ДСНС");
  EXPECT_EQ(Dump(ra), Dump(**b->Get("person", id)));
  EXPECT_EQ(Dump(ra), Dump(**fresh->Get("person", id)));
}

TEST_F(SyncTest, LostAckIsRetriedAndAppliedOnce) {
  FaultyTransport* faulty = nullptr;
  auto writer = NewDevice("writer", "Bilozerka", "field", FaultyOptions(&faulty));
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(writer->Put("person", "", bilozerka_, Person(absl::StrCat("P", i))).ok());
  }
  // The server applies the first push but its answer never arrives.
  faulty->FailMethod("Push", {FaultyTransport::Timing::kAfterForward}, 1);
  absl::StatusOr<SyncReport> report = writer->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GE(faulty->forwarded("Push"), 2) << "the push was sent again";
  EXPECT_EQ(report->acked, 50u);
  EXPECT_EQ(writer->GetStatus()->pending_changes, 0u);
  EXPECT_EQ(ServerAckedThrough("writer"), 50u);

  auto reader = NewDevice("reader", "Bilozerka");
  ASSERT_TRUE(reader->Sync().ok());
  EXPECT_EQ(Count(*reader, "person"), 50u);
}

TEST_F(SyncTest, AckLostForGoodIsRecoveredByTheNextHandshake) {
  FaultyTransport* faulty = nullptr;
  ClientOptions options = FaultyOptions(&faulty);
  options.retry_policy = QuickRetry(1);  // no retry: the sync fails
  auto writer = NewDevice("writer", "Bilozerka", "field", options);
  ASSERT_TRUE(writer->Put("person", "", bilozerka_, Person("Один")).ok());
  faulty->FailMethod("Push", {FaultyTransport::Timing::kAfterForward}, 1);
  EXPECT_FALSE(writer->Sync().ok());
  EXPECT_EQ(writer->GetStatus()->pending_changes, 1u);
  EXPECT_EQ(ServerAckedThrough("writer"), 1u) << "the server did apply it";
  absl::StatusOr<SyncReport> again = writer->Sync();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(faulty->forwarded("Push"), 1) << "the handshake said it was done: no second push";
  EXPECT_EQ(writer->GetStatus()->pending_changes, 0u);
}

// docs/protocol.md "One exchange": a device that synced before sends its
// change and its pull inside the handshake, and the real server answers
// both in it; a cut after the server applied them is retried, applied once.
TEST_F(SyncTest, ASmallSyncIsOneCallAndACutInItAppliesNothingTwice) {
  FaultyTransport* faulty = nullptr;
  auto writer = NewDevice("writer", "Bilozerka", "field", FaultyOptions(&faulty));
  auto other = NewDevice("other", "Bilozerka");
  ASSERT_TRUE(writer->Sync().ok());  // learns the epoch
  ASSERT_TRUE(other->Put("person", "", bilozerka_, Person("Інша")).ok());
  ASSERT_TRUE(other->Sync().ok());
  ASSERT_TRUE(writer->Put("person", "", bilozerka_, Person("Перша")).ok());
  int before = faulty->calls();
  absl::StatusOr<SyncReport> report = writer->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(faulty->calls() - before, 1) << "the push and the pull rode the handshake";
  EXPECT_EQ(report->acked, 1u);
  EXPECT_EQ(report->pulled, 1u);
  EXPECT_EQ(ServerAckedThrough("writer"), 1u);

  ASSERT_TRUE(writer->Put("person", "", bilozerka_, Person("Друга")).ok());
  faulty->FailMethod("Handshake", {FaultyTransport::Timing::kAfterForward}, 1);
  before = faulty->calls();
  report = writer->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(faulty->calls() - before, 2) << "the handshake again, carrying the same batch";
  EXPECT_EQ(faulty->calls("Push"), 0);
  EXPECT_EQ(report->acked, 1u);
  EXPECT_EQ(writer->GetStatus()->pending_changes, 0u);
  EXPECT_EQ(ServerAckedThrough("writer"), 2u);
  ASSERT_TRUE(other->Sync().ok());
  EXPECT_EQ(Count(*other, "person"), 3u);
}

class SmallPagesTest : public SyncFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--max-pull-bytes", "8192"}; }
};

TEST_F(SmallPagesTest, InterruptedPullResumesFromItsCursor) {
  auto writer = NewDevice("writer", "Bilozerka");
  std::vector<Edit> edits;
  for (int i = 0; i < 1500; ++i)
    edits.push_back({"person", "", bilozerka_, Person(absl::StrCat("Особа ", i))});
  ASSERT_TRUE(writer->PutAll(edits).ok());
  ASSERT_TRUE(writer->Sync().ok());

  FaultyTransport* faulty = nullptr;
  ClientOptions options = FaultyOptions(&faulty);
  options.retry_policy = QuickRetry(2);
  auto reader = NewDevice("reader", "Bilozerka", "field", options);
  // Cut the link for good once a few hundred records have arrived.
  absl::StatusOr<SyncReport> broken = reader->Sync([&](const SyncProgress& p) {
    if (p.phase == SyncPhase::kPull && p.records_done >= 300) faulty->FailMethod("Pull");
  });
  ASSERT_FALSE(broken.ok());
  const size_t kept = Count(*reader, "person");
  EXPECT_GE(kept, 300u);
  EXPECT_LT(kept, 1500u);
  EXPECT_GT(reader->GetStatus()->cursor, 0u);

  faulty->ClearFaults();
  absl::StatusOr<SyncReport> resumed = reader->Sync();
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(Count(*reader, "person"), 1500u);
  // Only what was missing came down again (plus nothing before the cursor).
  EXPECT_EQ(resumed->pulled, 1500u - kept);
}

TEST_F(SyncTest, DevicesReadAndWriteOnlyTheirCommunities) {
  auto coordinator = NewDevice("coord", "Bilozerka,Stanislav", "coordinator");
  auto field = NewDevice("field", "Bilozerka");
  const std::string theirs = *coordinator->Put("person", "", stanislav_, Person("Чужа"));
  const std::string ours = *coordinator->Put("person", "", bilozerka_, Person("Наша"));
  ASSERT_TRUE(coordinator->Sync().ok());
  ASSERT_TRUE(field->Sync().ok());
  EXPECT_FALSE((*field->Get("person", theirs)).has_value());
  EXPECT_TRUE((*field->Get("person", ours)).has_value());
  EXPECT_EQ(Count(*field, "community"), 6u) << "communities are shared: the six of a new database";
  absl::StatusOr<std::string> outside = field->Put("person", "", stanislav_, Person("Ні"));
  EXPECT_EQ(outside.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(SyncTest, ANewDatabaseHoldsTheSixCommunities) {
  auto device = NewDevice("reader", "Bilozerka");
  ASSERT_TRUE(device->Sync().ok());
  std::map<std::string, std::string> names;
  const std::vector<RecordView> communities = *device->List("community");
  for (const RecordView& c : communities) {
    names[std::get<std::string>(c.fields.at("name_latin"))] =
        std::get<std::string>(c.fields.at("name_uk"));
  }
  const std::map<std::string, std::string> want = {
      {"Bilozerka", "Білозерка"},    {"Chornobaivka", "Чорнобаївка"},
      {"Kochubeivka", "Кочубеївка"}, {"Novovorontsovka", "Нововоронцовка"},
      {"Stanislav", "Станіслав"},    {"Vysokopillia", "Високопілля"}};
  EXPECT_EQ(names, want);
}

// A device's clock jumps two hours ahead while it is offline. Its edits
// are re-stamped at the next handshake instead of being refused forever
// (invariant 4 of docs/design.md), and none of them wins against later edits elsewhere.
TEST_F(SyncTest, ClockThatJumpedAheadIsCorrectedNotRefused) {
  ManualClock clock(SystemClock::Get().NowMillis());
  ClientOptions options = WithTestKey();
  options.clock = &clock;
  auto device = NewDevice("skewed", "Bilozerka", "field", options);
  auto other = NewDevice("other", "Bilozerka");
  const std::string id = *device->Put("person", "", bilozerka_, Person("Олена"));
  ASSERT_TRUE(device->Sync().ok());

  clock.Advance(2 * 3600 * 1000);  // the battery died; the clock came back wrong
  ASSERT_TRUE(device->Put("person", id, "", {{"phone", std::string("+380500000001")}}).ok());
  const std::string added = *device->Put("person", "", bilozerka_, Person("Петро"));
  absl::StatusOr<SyncReport> report = device->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rejected, 0u);
  EXPECT_TRUE(device->Rejected()->empty());
  const RecordView mine = **device->Get("person", id);
  EXPECT_LT(mine.updated_ms, SystemClock::Get().NowMillis() + 60'000) << "re-stamped near now";

  // A later edit elsewhere wins over the skewed device's edit.
  ASSERT_TRUE(other->Sync().ok());
  ASSERT_TRUE(other->Put("person", id, "", {{"phone", std::string("+380500000002")}}).ok());
  ASSERT_TRUE(other->Sync().ok());
  ASSERT_TRUE(device->Sync().ok());
  EXPECT_EQ(std::get<std::string>((*device->Get("person", id))->fields.at("phone")),
            "+380500000002");
  EXPECT_TRUE((*other->Get("person", added)).has_value());
  // And the device keeps working after the jump.
  ASSERT_TRUE(device->Put("person", "", bilozerka_, Person("Ганна")).ok());
  report = device->Sync();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->rejected, 0u);
}

// Change 2 was refused as outside the device's communities and is kept
// aside with the reason; nothing is left waiting.
void ExpectChangeTwoRefusedForScope(Client& device) {
  absl::StatusOr<std::vector<RejectedChange>> rejected = device.Rejected();
  ASSERT_TRUE(rejected.ok());
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ((*rejected)[0].device_seq, 2u);
  EXPECT_EQ((*rejected)[0].code, absl::StatusCode::kPermissionDenied);
  EXPECT_NE((*rejected)[0].message.find("outside"), std::string::npos);
  EXPECT_EQ(device.GetStatus()->pending_changes, 0u);
}

// Rewrites the community of the change with device_seq `seq` in a push, as
// a buggy or hostile device would, so the server has something to refuse
// that the client's own checks would never let through.
class RewritingTransport final : public Transport {
 public:
  RewritingTransport(std::unique_ptr<Transport> inner, uint64_t seq, std::string community)
      : inner_(std::move(inner)), seq_(seq), community_(std::move(community)) {}
  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                   const CallOptions& options, CallBytes* bytes) override {
    if (method != "Push") return inner_->Call(method, request, options, bytes);
    v1::PushRequest push;
    EXPECT_TRUE(push.ParseFromArray(request.data(), static_cast<int>(request.size())));
    if (!push.deflated_changes().empty()) {  // sent on plain, which the server also takes
      absl::StatusOr<std::string> entries =
          BoundedInflate(push.deflated_changes(), 1 << 20, DeflateWrap::kZlib);
      EXPECT_TRUE(entries.ok()) << entries.status();
      push.clear_deflated_changes();
      EXPECT_TRUE(push.MergeFromString(entries.value_or("")));
    }
    for (int i = 0; i < push.changes_size(); ++i) {
      if (push.first_seq() + i == seq_) push.mutable_changes(i)->set_community_id(community_);
    }
    return inner_->Call(method, push.SerializeAsString(), options, bytes);
  }

 private:
  std::unique_ptr<Transport> inner_;
  uint64_t seq_;
  std::string community_;
};

TEST_F(SyncTest, RefusedChangeIsKeptAsideAndTheOutboxMovesOn) {
  const std::string url = server_->url();
  const std::string outside = Uuid::Parse(stanislav_)->bytes();
  ClientOptions options = WithTestKey();
  options.transport_factory = [url, outside](const std::string&) {
    auto curl = CurlTransport::Create(url);
    if (!curl.ok()) return absl::StatusOr<std::unique_ptr<Transport>>(curl.status());
    return absl::StatusOr<std::unique_ptr<Transport>>(
        std::make_unique<RewritingTransport>(*std::move(curl), 2, outside));
  };
  auto device = NewDevice("device", "Bilozerka", "field", options);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(device->Put("person", "", bilozerka_, Person(absl::StrCat("P", i))).ok());
  }
  absl::StatusOr<SyncReport> report = device->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->acked, 3u);
  EXPECT_EQ(report->rejected, 1u);
  ExpectChangeTwoRefusedForScope(*device);

  ASSERT_TRUE(device->Put("person", "", bilozerka_, Person("P4")).ok());
  ASSERT_TRUE(device->Sync().ok());
  EXPECT_EQ(ServerAckedThrough("device"), 4u);
  auto reader = NewDevice("reader", "Bilozerka");
  ASSERT_TRUE(reader->Sync().ok());
  EXPECT_EQ(Count(*reader, "person"), 3u);
}

// The answer to a push that refused a change is lost. Whether the client
// retries the push or learns of it at the next handshake, the refusal and
// its reason still reach the device (invariant 8).
class LostRefusalTest : public SyncFixture, public ::testing::WithParamInterface<bool> {};

TEST_P(LostRefusalTest, RefusalSurvivesALostAnswer) {
  const bool retry = GetParam();
  const std::string url = server_->url();
  const std::string outside = Uuid::Parse(stanislav_)->bytes();
  auto first = std::make_shared<std::atomic<bool>>(true);
  ClientOptions options = WithTestKey();
  options.retry_policy = QuickRetry(retry ? 3 : 1);
  options.transport_factory = [url, outside, first](const std::string&) {
    auto curl = CurlTransport::Create(url);
    if (!curl.ok()) return absl::StatusOr<std::unique_ptr<Transport>>(curl.status());
    auto faulty = std::make_unique<FaultyTransport>(
        std::make_unique<RewritingTransport>(*std::move(curl), 2, outside));
    if (first->exchange(false)) {
      faulty->FailMethod("Push", {FaultyTransport::Timing::kAfterForward}, 1);
    }
    return absl::StatusOr<std::unique_ptr<Transport>>(std::move(faulty));
  };
  auto device = NewDevice("device", "Bilozerka", "field", options);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(device->Put("person", "", bilozerka_, Person(absl::StrCat("P", i))).ok());
  }
  first->store(true);  // enrolment used the first transport; fault the sync's
  absl::StatusOr<SyncReport> report = device->Sync();
  if (!retry) {
    ASSERT_FALSE(report.ok());
    report = device->Sync();
  }
  ASSERT_TRUE(report.ok()) << report.status();
  ExpectChangeTwoRefusedForScope(*device);
}

INSTANTIATE_TEST_SUITE_P(RetryOrHandshake, LostRefusalTest, ::testing::Bool());

}  // namespace
}  // namespace hromada::test
