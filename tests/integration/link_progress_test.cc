// What a person sees on a bad link, through the real server and the real
// client behind the fault proxy: progress that moves within a call by the
// bytes on the wire, one report per retry (the CLI's retry line), and a
// give-up that says what was saved and that the next sync continues.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/sync/sync_engine_progress.h"
#include "client/src/transport/curl_transport.h"
#include "tests/integration/fixture.h"
#include "tests/support/tcp_proxy.h"

namespace hromada::test {
namespace {

class LinkProgressTest : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    auto proxy = TcpProxy::Start(server_->port());
    ASSERT_TRUE(proxy.ok()) << proxy.status();
    proxy_ = *std::move(proxy);
  }

  // Options whose every call crosses the proxy.
  ClientOptions ViaProxy(int attempts) {
    ClientOptions options = WithTestKey();
    options.transport_factory = [url = proxy_->url()](const std::string&) {
      absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(url);
      if (!t.ok()) return absl::StatusOr<std::unique_ptr<Transport>>(t.status());
      return absl::StatusOr<std::unique_ptr<Transport>>(*std::move(t));
    };
    auto policy = std::make_shared<RetryPolicy>(*QuickRetry(attempts));
    policy->initial_backoff = absl::Milliseconds(400);
    policy->max_backoff = absl::Milliseconds(400);
    options.retry_policy = policy;
    return options;
  }

  // `n` people in Bilozerka on the server, pushed by another device.
  void Seed(int n) {
    auto seeder = NewDevice("seeder", "Bilozerka");
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(seeder
                      ->Put("person", "", bilozerka_,
                            {{"full_name", absl::StrCat("Особа номер ", i, " з Білозерки")},
                             {"phone", absl::StrCat("+38050", 1000000 + i)}})
                      .ok());
    }
    ASSERT_TRUE(seeder->Sync().ok());
  }

  std::unique_ptr<TcpProxy> proxy_;
};

TEST_F(LinkProgressTest, ProgressMovesWithinACallByWireBytes) {
  Seed(1500);
  auto device = NewDevice("slow", "Bilozerka", "field", ViaProxy(3));
  proxy_->SetThrottle(8 << 10);  // the first page (16 KB) takes 2 s
  std::vector<SyncProgress> seen;
  absl::StatusOr<SyncReport> report =
      device->Sync([&](const SyncProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GE(report->pulled, 1500u);  // and the communities
  // Within one page (the records done unchanged), the bytes went up.
  int moved_within = 0;
  for (size_t i = 1; i < seen.size(); ++i) {
    const SyncProgress& a = seen[i - 1];
    const SyncProgress& b = seen[i];
    EXPECT_GE(b.wire_bytes_down, a.wire_bytes_down);
    if (a.phase == SyncPhase::kPull && b.phase == SyncPhase::kPull &&
        a.records_done == b.records_done && b.bytes_done > a.bytes_done) {
      ++moved_within;
    }
  }
  EXPECT_GE(moved_within, 3);
  // The figures are the wire's: the last report has every byte the
  // report counts, and about what the proxy delivered (which also carries
  // HTTP/2 framing).
  EXPECT_EQ(seen.back().wire_bytes_down, report->bytes_down);
  EXPECT_EQ(seen.back().wire_bytes_up, report->bytes_up);
  EXPECT_LE(report->bytes_down, static_cast<uint64_t>(proxy_->bytes_down()));
  EXPECT_GE(report->bytes_down, static_cast<uint64_t>(proxy_->bytes_down()) * 8 / 10);
}

TEST_F(LinkProgressTest, ACutIsReportedAsARetryAndTheSyncFinishes) {
  Seed(1500);
  auto device = NewDevice("cut", "Bilozerka", "field", ViaProxy(4));
  proxy_->SetThrottle(60 << 10);
  bool cut = false;
  std::vector<SyncProgress> retries;
  absl::StatusOr<SyncReport> report = device->Sync([&](const SyncProgress& p) {
    if (!cut && p.phase == SyncPhase::kPull && p.records_done > 0) {
      cut = true;
      proxy_->CutAfter(Direction::kDown, 100);  // within a page still to come
    }
    // The first report of each retry (one on a helper thread may be seen
    // after its pause).
    if (p.retries > (retries.empty() ? 0 : retries.back().retries)) retries.push_back(p);
  });
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GE(report->pulled, 1500u);
  ASSERT_FALSE(retries.empty());
  const SyncProgress& r = retries.front();
  EXPECT_EQ(r.retries, 1);
  EXPECT_LE(r.retry_in, absl::Milliseconds(400));
  EXPECT_GT(r.records_done, 0u);
  const std::string line = client::RetryLine(r);
  EXPECT_EQ(line, absl::StrCat("link lost, retrying in 1 s, ", r.records_done, " of ",
                               client::WithThousands(r.records_expected), " records received"));
}

// The link goes for good after the first page is applied. The page after it
// may already be on its way (the pull fetches a page ahead), and a page is at
// most twice the one before, so 3,000 people need a third page that the dead
// link cannot bring, however the two race on a loaded machine.
TEST_F(LinkProgressTest, GivingUpSaysWhatWasSavedAndThatTheNextSyncContinues) {
  constexpr uint64_t kSeeded = 3000;
  Seed(kSeeded);
  auto device = NewDevice("lost", "Bilozerka", "field", ViaProxy(2));
  ASSERT_TRUE(device->Put("person", "", bilozerka_, {{"full_name", std::string("Нова")}}).ok());
  proxy_->SetThrottle(60 << 10);
  bool lost = false;
  uint64_t received = 0, expected = 0;
  absl::StatusOr<SyncReport> report = device->Sync([&](const SyncProgress& p) {
    if (p.phase != SyncPhase::kPull) return;
    received = p.records_done;
    expected = p.records_expected;
    if (!lost && p.records_done > 0) {
      lost = true;
      proxy_->RefuseFor(absl::Seconds(60));
      proxy_->CutAll();
    }
  });
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(received, kSeeded);
  const std::string message(report.status().message());
  EXPECT_NE(message.find("saved so far: 1 changes sent"), std::string::npos) << message;
  EXPECT_NE(message.find(absl::StrCat(client::WithThousands(received), " of ",
                                      client::WithThousands(expected), " records received")),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("the next sync continues from there"), std::string::npos) << message;

  // It does: the next sync on a good link brings the rest only.
  proxy_->ClearFaults();
  absl::StatusOr<SyncReport> again = device->Sync();
  ASSERT_TRUE(again.ok()) << again.status();
  // `expected` is the handshake's estimate, an upper bound (it counts this
  // device's own record too, which is not sent back).
  EXPECT_LE(again->pulled + received, expected);
  EXPECT_GE(again->pulled + received, kSeeded);
  absl::StatusOr<std::vector<RecordView>> persons = device->List("person");
  ASSERT_TRUE(persons.ok()) << persons.status();
  EXPECT_EQ(persons->size(), kSeeded + 1) << "every seeded person and its own";
}

}  // namespace
}  // namespace hromada::test
