// The one exchange (docs/protocol.md): a device that knows the server's
// epoch sends its first push batch and first pull inside the handshake and
// commits the answers as the Push and Pull phases would; it falls back to
// those calls when the server leaves them out, keeps the push out when its
// stamps may need re-dating, and a cut after the server applied the push
// sends it again without it being applied twice.
#include <gtest/gtest.h>

#include "tests/client/client_fixture.h"

namespace hromada::test {
namespace {

using Timing = FaultyTransport::Timing;

class OneExchangeTest : public ClientTest {
 protected:
  // Two devices of kCommunity that each synced once (they know the epoch),
  // then a change on each: `b`'s is on the server, `a`'s in its outbox.
  void SetUp() override {
    a_ = Enrolled("a.db");
    b_ = Enrolled("b.db");
    ASSERT_TRUE(a_->Sync().ok());
    ASSERT_TRUE(b_->Sync().ok());
    ASSERT_TRUE(b_->Put("person", "", kCommunity, Person("Olena")).ok());
    ASSERT_TRUE(b_->Sync().ok());
    mine_ = *a_->Put("person", "", kCommunity, Person("Taras"));
    applied_before_ = server_.applied_changes();
    ASSERT_EQ(server_.inline_pushes, 1) << "b's change went inside its handshake";
    server_.inline_pushes = 0;
  }

  // The calls a's next sync makes, by method.
  struct Calls {
    int all, handshakes, pushes, pulls;
  };
  Calls Since(const Calls& before) const {
    return {faulty_.calls() - before.all, faulty_.calls("Handshake") - before.handshakes,
            faulty_.calls("Push") - before.pushes, faulty_.calls("Pull") - before.pulls};
  }
  Calls Now() const { return Since({0, 0, 0, 0}); }

  // a holds b's record and the server a's, each once.
  void ExpectOneEachWay() {
    EXPECT_EQ(server_.applied_changes(), applied_before_ + 1) << "a's change applied once";
    EXPECT_EQ(a_->GetStatus()->pending_changes, 0u);
    absl::StatusOr<std::vector<RecordView>> people = a_->List("person");
    ASSERT_TRUE(people.ok()) << people.status();
    EXPECT_EQ(people->size(), 2u);
    auto b_sees = b_->Sync();
    ASSERT_TRUE(b_sees.ok()) << b_sees.status();
    EXPECT_TRUE(b_->Get("person", mine_)->has_value());
  }

  std::unique_ptr<Client> a_, b_;
  std::string mine_;  // a's new record
  int applied_before_ = 0;
};

TEST_F(OneExchangeTest, OneChangeEachWayIsOneCall) {
  const Calls before = Now();
  absl::StatusOr<SyncReport> report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  const Calls calls = Since(before);
  EXPECT_EQ(calls.all, 1) << "the push and the pull went inside the handshake";
  EXPECT_EQ(calls.handshakes, 1);
  EXPECT_EQ(report->calls, 1);
  EXPECT_EQ(report->pushed, 1u);
  EXPECT_EQ(report->acked, 1u);
  EXPECT_EQ(report->pulled, 1u);
  EXPECT_EQ(server_.inline_pushes, 1);
  ExpectOneEachWay();
  // Nothing to do: one call too, and the cursor has not moved back.
  const uint64_t cursor = a_->GetStatus()->cursor;
  report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->calls, 1);
  EXPECT_EQ(report->pulled, 0u);
  EXPECT_GE(a_->GetStatus()->cursor, cursor);
}

TEST_F(OneExchangeTest, AServerThatIgnoresTheInlinePartsGetsTheCalls) {
  server_.one_exchange = false;
  const Calls before = Now();
  absl::StatusOr<SyncReport> report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  const Calls calls = Since(before);
  EXPECT_EQ(calls.handshakes, 1);
  EXPECT_EQ(calls.pushes, 1) << "no push answer: the push phase sends it";
  EXPECT_EQ(calls.pulls, 1) << "pull_ran false: the pull phase fetches";
  EXPECT_EQ(report->pushed, 1u);
  EXPECT_EQ(report->pulled, 1u);
  ExpectOneEachWay();
}

TEST_F(OneExchangeTest, ACutAfterTheServerAppliedTheInlinePushSendsItAgainOnce) {
  // The server applies the handshake's push and pull; the answer is lost.
  faulty_.FailMethod("Handshake", {Timing::kAfterForward, absl::UnavailableError("cut")}, 1);
  const Calls before = Now();
  absl::StatusOr<SyncReport> report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  const Calls calls = Since(before);
  EXPECT_EQ(calls.handshakes, 2) << "retried";
  EXPECT_EQ(calls.pushes, 0);
  EXPECT_EQ(server_.inline_pushes, 2) << "the retry carried the batch again";
  EXPECT_EQ(report->acked, 1u);
  EXPECT_EQ(report->pulled, 1u);
  ExpectOneEachWay();
}

TEST_F(OneExchangeTest, ACutThatEndsTheSyncIsAckedByTheNextHandshake) {
  NoRetries();
  a_.reset();
  a_ = Open("a.db");  // with the policy of one attempt
  faulty_.FailMethod("Handshake", {Timing::kAfterForward, absl::UnavailableError("cut")}, 1);
  EXPECT_EQ(a_->Sync().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(server_.applied_changes(), applied_before_ + 1);
  EXPECT_EQ(a_->GetStatus()->pending_changes, 1u) << "kept until an answer acks it";
  absl::StatusOr<SyncReport> report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->acked, 1u) << "the handshake's acked_through";
  // The device learns of the lost ack from this very answer, so the batch
  // went again inside it, and the server skipped what it held.
  EXPECT_EQ(server_.inline_pushes, 2);
  EXPECT_EQ(report->calls, 1);
  ExpectOneEachWay();
}

TEST_F(OneExchangeTest, AClockSetSinceTheLastSyncKeepsThePushForAfterTheHandshake) {
  // The wall clock moved an hour without the monotonic clock: the offset
  // learnt at the last sync no longer dates the edit, so the handshake
  // re-dates it before it goes.
  device_clock_.Advance(3600 * 1000);
  const Calls before = Now();
  absl::StatusOr<SyncReport> report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  const Calls calls = Since(before);
  EXPECT_EQ(calls.handshakes, 1);
  EXPECT_EQ(calls.pushes, 1);
  EXPECT_EQ(calls.pulls, 0) << "the pull still went with the handshake";
  EXPECT_EQ(server_.inline_pushes, 0);
  ExpectOneEachWay();
}

TEST_F(OneExchangeTest, AnotherBootKeepsThePushForAfterTheHandshake) {
  monotonic_clock_.Reboot("boot-2");
  absl::StatusOr<SyncReport> report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(server_.inline_pushes, 0);
  EXPECT_EQ(report->calls, 2);
  ExpectOneEachWay();
  // That handshake measured the offset in this boot: the next push goes inline.
  ASSERT_TRUE(a_->Put("person", "", kCommunity, Person("Ivan")).ok());
  report = a_->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(server_.inline_pushes, 1);
  EXPECT_EQ(report->calls, 1);
}

TEST_F(OneExchangeTest, AFirstSyncHandshakesAlone) {
  auto c = Enrolled("c.db");
  ASSERT_TRUE(c->Put("person", "", kCommunity, Person("Mykola")).ok());
  const int pulls = server_.inline_pulls;
  absl::StatusOr<SyncReport> report = c->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(server_.inline_pulls, pulls) << "no epoch known yet";
  EXPECT_EQ(report->pushed, 1u);
  EXPECT_EQ(report->pulled, 1u);  // b's
}

}  // namespace
}  // namespace hromada::test
