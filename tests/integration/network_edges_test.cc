// The server's network edges against the real process (issue 22): what a
// peer with no token can hold (streams that declare a large body and never
// finish it, thousands of connections that say hello and then sit idle,
// with a legitimate device syncing throughout and the server's memory
// bounded), and plain h2c refused where other machines could read it.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.grpc.pb.h"
#include "tests/integration/fixture.h"
#include "tests/support/h2_flood.h"

namespace hromada::test {
namespace {

constexpr int64_t kMiB = 1024;  // in kB, as /proc reports

// The process's resident memory in kB, or -1.
int64_t RssKb(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view v(line);
    if (!absl::ConsumePrefix(&v, "VmRSS:")) continue;
    v = absl::StripAsciiWhitespace(v);
    absl::ConsumeSuffix(&v, " kB");
    int64_t kb = -1;
    return absl::SimpleAtoi(v, &kb) ? kb : -1;
  }
  return -1;
}

class NetworkEdgesTest : public SyncFixture {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--max-connection-idle-s", "2", "--anonymous-read-timeout-s", "1"};
  }

  // One more record written and synced by `device`.
  void SyncOnce(Client& device, int n) {
    ASSERT_TRUE(
        device.Put("person", "", bilozerka_, {{"full_name", absl::StrCat("Person ", n)}}).ok());
    absl::StatusOr<SyncReport> report = device.Sync();
    ASSERT_TRUE(report.ok()) << report.status();
  }

  // Waits up to `timeout` for the server's RSS to come within `slack_kb`
  // of `target_kb`; the last reading.
  int64_t WaitForRss(int64_t target_kb, int64_t slack_kb, absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    int64_t rss = RssKb(server_->pid());
    while (rss > target_kb + slack_kb && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(250));
      rss = RssKb(server_->pid());
    }
    return rss;
  }
};

// 4 connections x 100 Push streams, each declaring 2,000,000 bytes and
// sending 1,999,000 of them with no token. The server reads no body of a
// call it has not admitted, so each stream holds one flow-control window
// at most, and is refused on its headers.
TEST_F(NetworkEdgesTest, UnfinishedStreamsWithoutATokenHoldNoMemory) {
  auto device = NewDevice("field", "Bilozerka");
  SyncOnce(*device, 0);
  const int64_t before = RssKb(server_->pid());
  int64_t peak = before;
  int64_t sent = 0;
  {
    UnfinishedStreamsOptions options;
    options.port = server_->port();
    UnfinishedStreams attack(options);
    for (int i = 1; i <= 6; ++i) {
      absl::SleepFor(absl::Milliseconds(500));
      peak = std::max(peak, RssKb(server_->pid()));
      SyncOnce(*device, i);
    }
    sent = attack.bytes_sent();
    EXPECT_EQ(attack.streams_closed(), 400) << "each stream is refused, not held";
  }  // the peer leaves
  std::printf("unfinished streams: %lld MB sent; server RSS %lld MB before, %lld MB at peak\n",
              static_cast<long long>(sent >> 20), static_cast<long long>(before / kMiB),
              static_cast<long long>(peak / kMiB));
  EXPECT_LT(sent, int64_t{64} << 20) << "the server read bodies of calls it had not admitted";
  EXPECT_LT(peak - before, 150 * kMiB);
  const int64_t after = WaitForRss(before, 30 * kMiB, absl::Seconds(30));
  std::printf("server RSS after the peer left: %lld MB\n", static_cast<long long>(after / kMiB));
  EXPECT_LE(after, before + 30 * kMiB);
  SyncOnce(*device, 7);
}

// Enrol is the one call admitted with no token (charged to its peer's
// bucket), so its body is read: a peer that never finishes it is cut off at
// --anonymous-read-timeout-s (1 s here) and holds nothing after.
TEST_F(NetworkEdgesTest, UnfinishedEnrolmentsAreCutAtTheirDeadline) {
  UnfinishedStreamsOptions options;
  options.port = server_->port();
  options.path = "/hromada.v1.Sync/Enrol";
  options.connections = 1;
  options.streams_per_connection = 10;
  UnfinishedStreams attack(options);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (attack.streams_closed() < 10 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(attack.streams_closed(), 10) << "unfinished enrolments are cancelled";
}

// A refusal is sent once the request is in (read and dropped, a few at a
// time): the field client's libcurl takes an answer that comes while it is
// still sending, and the stream reset gRPC then sends, as a lost
// connection, so a device with a stale token would hear "try again" for
// ever instead of "enrol again".
TEST_F(NetworkEdgesTest, ALargeRequestWithAWrongTokenHearsWhy) {
  absl::StatusOr<std::unique_ptr<CurlTransport>> transport = CurlTransport::Create(server_->url());
  ASSERT_TRUE(transport.ok()) << transport.status();
  CallOptions options;
  options.token = "a-token-this-server-never-gave";
  const std::string request(1 << 20, '\x01');  // past a stream window
  for (int i = 0; i < 3; ++i) {
    absl::Status s = (*transport)->Call("Push", request, options, nullptr).status();
    EXPECT_TRUE(absl::IsUnauthenticated(s)) << s;
  }
}

// 3,000 connections from one peer that send the HTTP/2 preface and
// settings and then nothing: each is closed once idle for the server's
// --max-connection-idle-s (2 s here), and a device syncs meanwhile.
TEST_F(NetworkEdgesTest, IdleConnectionsAreClosed) {
  auto device = NewDevice("field", "Bilozerka");
  const int64_t before = RssKb(server_->pid());
  std::vector<int> idle = OpenIdleConnections(server_->port(), 3000);
  ASSERT_EQ(idle.size(), 3000u);
  SyncOnce(*device, 1);
  const int64_t with_idle = RssKb(server_->pid());
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  int open = CountOpen(idle);
  while (open > 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(250));
    open = CountOpen(idle);
  }
  std::printf("3000 idle connections: server RSS %lld MB before, %lld MB with them; %d open\n",
              static_cast<long long>(before / kMiB), static_cast<long long>(with_idle / kMiB),
              open);
  EXPECT_EQ(open, 0) << "idle connections are closed";
  CloseAll(idle);
  SyncOnce(*device, 2);
}

// Enrol with `code`, as a device whose signing key is `key` (none if
// empty), through a proxy that says the client is `forwarded_for` (none if
// empty). The gRPC status code.
grpc::StatusCode EnrolAs(const std::string& address, const std::string& code,
                         const std::string& key, const std::string& forwarded_for) {
  auto stub = v1::Sync::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!forwarded_for.empty()) context.AddMetadata("x-forwarded-for", forwarded_for);
  v1::EnrolRequest request;
  request.set_protocol_version(1);
  request.set_code(code);
  request.set_device_name("t");
  if (!key.empty()) request.mutable_bundle_keys()->set_sign_public_key(key);
  v1::EnrolResponse response;
  return stub->Enrol(&context, request, &response).error_code();
}

constexpr char kWrongCode[] = "WRONG-CODE-XXXX";

// Five typos on one device cost that device, not every device sharing its
// address (a NAT, a proxy): another device enrols at once.
TEST_F(NetworkEdgesTest, WrongCodesOnOneDeviceDoNotLockOutItsAddress) {
  const std::string typist(32, 'a'), other(32, 'b');
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(EnrolAs(server_->address(), kWrongCode, typist, ""), grpc::StatusCode::NOT_FOUND);
  }
  EXPECT_EQ(EnrolAs(server_->address(), kWrongCode, typist, ""),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(EnrolAs(server_->address(), NewCode("other", "Bilozerka"), other, ""),
            grpc::StatusCode::OK);
  EXPECT_EQ(EnrolAs(server_->address(), NewCode("typist", "Bilozerka"), typist, ""),
            grpc::StatusCode::RESOURCE_EXHAUSTED)
      << "the typist waits, even with the right code";
}

// Behind a trusted proxy each client is counted under the address the
// proxy forwards, so one guesser there locks out only itself.
class TrustedProxyTest : public NetworkEdgesTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--trusted-proxy", "127.0.0.0/8"};
  }
};

TEST_F(TrustedProxyTest, EachClientBehindTheProxyHasItsOwnCount) {
  const std::string guesser = "203.0.113.7", device = "198.51.100.9";
  int limited = 0;
  for (int i = 0; i < 8; ++i) {
    if (EnrolAs(server_->address(), kWrongCode, "", guesser) ==
        grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++limited;
    }
  }
  EXPECT_GT(limited, 0) << "the guesser is limited";
  EXPECT_EQ(EnrolAs(server_->address(), NewCode("a", "Bilozerka"), "", device),
            grpc::StatusCode::OK);
  EXPECT_EQ(EnrolAs(server_->address(), NewCode("b", "Bilozerka"), "", guesser),
            grpc::StatusCode::RESOURCE_EXHAUSTED)
      << "the forwarded address is the one counted";
}

// Plain h2c on an address other machines reach is refused with one
// sentence and a non-zero exit, before anything listens.
TEST(CleartextTest, ServeRefusesPlainHttpOnAWildcardAddress) {
  TempDir dir("hromada-cleartext");
  absl::StatusOr<ToolResult> run = RunToolWithResult(
      ServerBinary(), {"serve", "--db", dir.path() + "/h.db", "--listen", "0.0.0.0:0"});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_NE(run->exit_code, 0);
  EXPECT_THAT(run->err, ::testing::HasSubstr("give --tls-cert and --tls-key"));
  EXPECT_THAT(run->err, ::testing::HasSubstr("--insecure"));
}

}  // namespace
}  // namespace hromada::test
