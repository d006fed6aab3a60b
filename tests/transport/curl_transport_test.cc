// CurlTransport against a real grpc++ server in this process (canned
// behaviour), over h2c and TLS, plus raw sockets for servers that are gone,
// silent or not gRPC at all.
#include "client/src/transport/curl_transport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/src/transport/retry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hromada/v1/sync.pb.h"
#include "tests/support/faulty_transport.h"
#include "tests/transport/canned_sync_server.h"

namespace hromada {
namespace {

using ::hromada::testing::CannedServerOptions;
using ::hromada::testing::CannedSyncServer;
using ::hromada::testing::kGoodToken;
using ::testing::HasSubstr;

template <typename Message>
Message Parse(const absl::StatusOr<std::string>& bytes) {
  Message message;
  EXPECT_TRUE(bytes.ok() && message.ParseFromString(*bytes)) << bytes.status();
  return message;
}

CallOptions Good(absl::Duration deadline = absl::Seconds(10)) {
  CallOptions options;
  options.token = kGoodToken;
  options.deadline = deadline;
  return options;
}

std::string HandshakeBytes(uint64_t cursor) {
  v1::HandshakeRequest request;
  request.set_protocol_version(1);
  request.set_cursor(cursor);
  return request.SerializeAsString();
}

std::string PushBytes(uint64_t first_seq, int changes, size_t text_bytes) {
  v1::PushRequest request;
  request.set_first_seq(first_seq);
  for (int i = 0; i < changes; ++i) {
    v1::Record* change = request.add_changes();
    change->set_kind("attendance");
    change->set_id(std::string(16, static_cast<char>(i)));
    std::string text;
    while (text.size() < text_bytes) text += "present at meeting 12 in Stanislav; ";
    text.resize(text_bytes);
    v1::Field* field = change->add_fields();
    field->set_name("notes");
    field->mutable_value()->set_text(text);
  }
  return request.SerializeAsString();
}

class CurlTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = CannedSyncServer::Start();
    ASSERT_NE(server_, nullptr);
    absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url());
    ASSERT_TRUE(t.ok()) << t.status();
    transport_ = *std::move(t);
  }

  absl::StatusOr<std::string> Call(absl::string_view method, const std::string& request,
                                   const CallOptions& options = Good(),
                                   CallBytes* bytes = nullptr) {
    return transport_->Call(method, request, options, bytes);
  }

  std::unique_ptr<CannedSyncServer> server_;
  std::unique_ptr<CurlTransport> transport_;
};

TEST_F(CurlTransportTest, HandshakeSucceedsAndCountsBytes) {
  CallBytes bytes;
  const std::string request = HandshakeBytes(21);
  v1::HandshakeResponse response =
      Parse<v1::HandshakeResponse>(Call("Handshake", request, Good(), &bytes));
  EXPECT_EQ(response.protocol_version(), 2u);
  EXPECT_EQ(response.pending_records(), 42u);
  // Up: the request headers (path, content-type, te, grpc-*, token...) and a
  // frame of at least 5 bytes. Down: status line, headers, trailers, frame.
  EXPECT_GT(bytes.up, 150u + 5);
  EXPECT_LT(bytes.up, 1000u);
  EXPECT_GT(bytes.down, 50u + 5);
  EXPECT_LT(bytes.down, 1000u);
}

TEST_F(CurlTransportTest, SequentialCallsOverH2cEachUseAFreshConnection) {
  for (uint64_t i = 0; i < 6; ++i) {
    v1::HandshakeResponse response =
        Parse<v1::HandshakeResponse>(Call("Handshake", HandshakeBytes(i)));
    EXPECT_EQ(response.pending_records(), 2 * i);
  }
  const std::vector<std::string> peers = server_->observed().peers;
  ASSERT_EQ(peers.size(), 6u);
  EXPECT_EQ(std::set<std::string>(peers.begin(), peers.end()).size(), 6u)
      << "h2c calls must not share a connection (libcurl 7.88 defect)";
}

TEST_F(CurlTransportTest, LargeResponseArrivesCompressed) {
  v1::PullRequest request;
  request.set_cursor(4000);
  request.set_max_bytes(1000);
  CallBytes bytes;
  v1::PullResponse response =
      Parse<v1::PullResponse>(Call("Pull", request.SerializeAsString(), Good(), &bytes));
  ASSERT_EQ(response.records_size(), 4000);
  EXPECT_EQ(response.records(3999).fields(0).value().text().size(), 1000u);
  EXPECT_EQ(response.records(3999).id(), std::string(16, static_cast<char>(3999)));
  EXPECT_GT(response.ByteSizeLong(), 4000000u);
  EXPECT_LT(bytes.down, response.ByteSizeLong() / 5) << "the response was not gzipped";
  EXPECT_GT(bytes.down, 1000u);
}

TEST_F(CurlTransportTest, LargeRequestIsCompressedAndArrivesWhole) {
  CurlTransportOptions gzip;
  gzip.compress_requests = true;  // hromada-server refuses this; other servers may not
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url(), gzip);
  ASSERT_TRUE(t.ok()) << t.status();
  const std::string request = PushBytes(1, 2000, 1000);
  CallBytes bytes;
  v1::PushResponse response = Parse<v1::PushResponse>((*t)->Call("Push", request, Good(), &bytes));
  EXPECT_EQ(response.acked_through(), 2000u);
  v1::PushRequest sent;
  ASSERT_TRUE(sent.ParseFromString(request));
  int64_t size = 0;
  for (const v1::Record& change : sent.changes()) size += change.ByteSizeLong();
  EXPECT_EQ(response.server_time_ms(), size);
  EXPECT_LT(bytes.up, request.size() / 5) << "the request was not gzipped";
}

TEST_F(CurlTransportTest, UncompressedRequestsWorkToo) {
  CurlTransportOptions options;
  options.compress_requests = false;
  absl::StatusOr<std::unique_ptr<CurlTransport>> plain =
      CurlTransport::Create(server_->url(), options);
  ASSERT_TRUE(plain.ok());
  const std::string request = PushBytes(1, 100, 1000);
  CallBytes bytes;
  absl::StatusOr<std::string> answer = (*plain)->Call("Push", request, Good(), &bytes);
  EXPECT_EQ(Parse<v1::PushResponse>(answer).acked_through(), 100u);
  EXPECT_GT(bytes.up, request.size() + 5);
}

TEST_F(CurlTransportTest, ResponseLargerThanTheLimitIsRefused) {
  CurlTransportOptions options;
  options.max_response_message_bytes = 1 << 20;
  absl::StatusOr<std::unique_ptr<CurlTransport>> small =
      CurlTransport::Create(server_->url(), options);
  ASSERT_TRUE(small.ok());
  v1::PullRequest request;
  request.set_cursor(2000);
  request.set_max_bytes(1000);
  absl::StatusOr<std::string> answer =
      (*small)->Call("Pull", request.SerializeAsString(), Good(), nullptr);
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kInternal) << answer.status();
}

TEST_F(CurlTransportTest, WrongTokenIsUnauthenticated) {
  CallOptions wrong = Good();
  wrong.token = "stolen";
  absl::StatusOr<std::string> answer = Call("Handshake", HandshakeBytes(0), wrong);
  EXPECT_EQ(answer.status(), absl::UnauthenticatedError("bad device token"));
  CallOptions none = Good();
  none.token.clear();
  EXPECT_EQ(Call("Handshake", HandshakeBytes(0), none).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(CurlTransportTest, TrailersOnlyErrorMessageIsPercentDecoded) {
  absl::StatusOr<std::string> answer = Call("Push", PushBytes(testing::kDenySeq, 1, 10));
  EXPECT_EQ(answer.status(), absl::PermissionDeniedError(testing::kDeniedMessage));
}

TEST_F(CurlTransportTest, ErrorInTrailersAfterABodyWins) {
  absl::StatusOr<std::string> answer = Call("ErrorAfterBody", HandshakeBytes(0));
  EXPECT_EQ(answer.status(), absl::AbortedError(testing::kAbortedMessage));
}

TEST_F(CurlTransportTest, OkWithoutExactlyOneMessageIsInternal) {
  EXPECT_EQ(Call("TwoMessages", HandshakeBytes(0)).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Call("NoMessage", HandshakeBytes(0)).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Call("Nope", HandshakeBytes(0)).status().code(), absl::StatusCode::kUnimplemented);
  // The handle is still good afterwards.
  EXPECT_TRUE(Call("Handshake", HandshakeBytes(0)).ok());
}

TEST_F(CurlTransportTest, DeadlineIsSentToTheServerAndEnforced) {
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> answer =
      Call("Push", PushBytes(testing::kSleepSeq, 1, 10), Good(absl::Seconds(1)));
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kDeadlineExceeded) << answer.status();
  EXPECT_GE(took, absl::Milliseconds(900));
  EXPECT_LT(took, absl::Seconds(4));
  for (int i = 0; i < 200 && !server_->observed().sleeper_done; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const testing::Observed seen = server_->observed();
  EXPECT_TRUE(seen.sleeper_done);
  EXPECT_TRUE(seen.sleeper_cancelled) << "the server did not enforce grpc-timeout";
  // Without grpc-timeout the server's deadline would be infinite.
  EXPECT_GT(seen.sleeper_deadline, absl::ZeroDuration());
  EXPECT_LE(seen.sleeper_deadline, absl::Milliseconds(1001));
  // The same handle works after a timed-out call.
  EXPECT_TRUE(Call("Handshake", HandshakeBytes(0)).ok());
}

TEST_F(CurlTransportTest, PassedDeadlineAndBadArgumentsSendNothing) {
  EXPECT_EQ(Call("Push", PushBytes(1, 1, 1), Good(absl::ZeroDuration())).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Call("../Push", PushBytes(1, 1, 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  CallOptions injected = Good();
  injected.token = "x\r\nx-admin: 1";
  EXPECT_EQ(Call("Push", PushBytes(1, 1, 1), injected).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server_->observed().pushes, 0);
}

TEST_F(CurlTransportTest, OversizedRequestIsResourceExhaustedNotUnavailable) {
  CannedServerOptions options;
  options.max_receive_message_bytes = 1 << 20;
  std::unique_ptr<CannedSyncServer> strict = CannedSyncServer::Start(options);
  ASSERT_NE(strict, nullptr);
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(strict->url());
  ASSERT_TRUE(t.ok());
  v1::PushRequest request;
  request.set_first_seq(1);
  std::string noise(3 << 20, '\0');
  uint64_t x = 88172645463325252ull;
  for (char& c : noise) c = static_cast<char>((x ^= x << 13, x ^= x >> 7, x ^= x << 17));
  request.add_changes()->set_id(noise);  // incompressible
  absl::StatusOr<std::string> answer =
      (*t)->Call("Push", request.SerializeAsString(), Good(), nullptr);
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kResourceExhausted) << answer.status();
}

TEST_F(CurlTransportTest, FaultyTransportLosesAnAckTheServerApplied) {
  FaultyTransport faulty(transport_.get());
  faulty.FailCall(1, {FaultTiming::kAfterForward, absl::UnavailableError("ack lost")});
  faulty.FailCall(2, {FaultTiming::kBeforeForward, absl::UnavailableError("link down")});
  const std::string request = PushBytes(1, 3, 10);
  EXPECT_EQ(faulty.Call("Push", request, Good(), nullptr).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(server_->observed().pushes, 1);
  EXPECT_EQ(faulty.Call("Push", request, Good(), nullptr).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(server_->observed().pushes, 1);
  EXPECT_EQ(Parse<v1::PushResponse>(faulty.Call("Push", request, Good(), nullptr)).acked_through(),
            3u);
  EXPECT_EQ(server_->observed().pushes, 2);
  EXPECT_EQ(faulty.calls("Push"), 3);
  EXPECT_EQ(faulty.forwarded("Push"), 2);
}

TEST_F(CurlTransportTest, RetryGetsThroughLostAcksAndDroppedRequests) {
  FaultyTransport faulty(transport_.get());
  faulty.FailCall(1, {FaultTiming::kBeforeForward, absl::UnavailableError("link down")});
  faulty.FailCall(2, {FaultTiming::kAfterForward, absl::UnavailableError("ack lost")});
  faulty.FailCall(3, {FaultTiming::kAfterForward, absl::DeadlineExceededError("ack late")});
  RetryPolicy policy;
  std::vector<absl::Duration> pauses;
  policy.sleep = [&pauses](absl::Duration d) { pauses.push_back(d); };
  const std::string request = PushBytes(1, 5, 100);
  absl::StatusOr<std::string> answer =
      Retry(policy, [&] { return faulty.Call("Push", request, Good(), nullptr); });
  EXPECT_EQ(Parse<v1::PushResponse>(answer).acked_through(), 5u);
  EXPECT_EQ(faulty.calls("Push"), 4);
  EXPECT_EQ(server_->observed().pushes, 3);  // the server must dedup the resends
  EXPECT_EQ(pauses.size(), 3u);
}

// A listening socket on 127.0.0.1 that this test controls.
class RawListener {
 public:
  RawListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot bind";
    }
    port_ = ntohs(addr.sin_port);
  }
  ~RawListener() {
    if (responder_.joinable()) responder_.join();
    if (fd_ >= 0) close(fd_);
  }
  void Listen() { listen(fd_, 8); }
  // Answers one connection with `reply` and closes it.
  void ReplyOnce(std::string reply) {
    Listen();
    responder_ = std::thread([this, reply] {
      const int conn = accept(fd_, nullptr, nullptr);
      if (conn < 0) return;
      char buf[1024];
      (void)!read(conn, buf, sizeof(buf));
      (void)!write(conn, reply.data(), reply.size());
      close(conn);
    });
  }
  std::string url() const { return absl::StrCat("http://127.0.0.1:", port_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread responder_;
};

TEST(CurlTransportFailures, ConnectionRefusedIsUnavailableNamingTheServer) {
  std::string url;
  int port = 0;
  {
    RawListener bound_not_listening;  // holds the port so nobody else takes it
    url = bound_not_listening.url();
    port = bound_not_listening.port();
    absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(url);
    ASSERT_TRUE(t.ok());
    CallBytes bytes{1, 1};
    absl::StatusOr<std::string> answer = (*t)->Call("Handshake", HandshakeBytes(0), Good(), &bytes);
    EXPECT_EQ(answer.status().code(), absl::StatusCode::kUnavailable) << answer.status();
    EXPECT_THAT(answer.status().message(), HasSubstr(absl::StrCat("127.0.0.1:", port)));
    EXPECT_EQ(bytes.up, 0u);
    EXPECT_EQ(bytes.down, 0u);
  }
}

TEST(CurlTransportFailures, SilentServerHitsTheClientSideDeadline) {
  RawListener silent;
  silent.Listen();  // the kernel completes the handshake; nobody ever answers
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(silent.url());
  ASSERT_TRUE(t.ok());
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> answer =
      (*t)->Call("Handshake", HandshakeBytes(0), Good(absl::Milliseconds(200)), nullptr);
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kDeadlineExceeded) << answer.status();
  EXPECT_GE(took, absl::Milliseconds(200));
  EXPECT_LT(took, absl::Seconds(3));
}

TEST(CurlTransportFailures, NonGrpcServerIsUnavailable) {
  RawListener http1;
  http1.ReplyOnce("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(http1.url());
  ASSERT_TRUE(t.ok());
  absl::StatusOr<std::string> answer =
      (*t)->Call("Handshake", HandshakeBytes(0), Good(absl::Seconds(5)), nullptr);
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kUnavailable) << answer.status();
  EXPECT_THAT(answer.status().message(), HasSubstr(absl::StrCat("127.0.0.1:", http1.port())));
}

TEST(CurlTransportCreate, RefusesBadUrls) {
  for (const char* url : {"", "localhost:8080", "ftp://127.0.0.1:21", "http://127.0.0.1:1/api",
                          "http://127.0.0.1:1?x=1", "http://user@127.0.0.1:1", "http://"}) {
    EXPECT_EQ(CurlTransport::Create(url).status().code(), absl::StatusCode::kInvalidArgument)
        << url;
  }
  absl::StatusOr<std::unique_ptr<CurlTransport>> ok = CurlTransport::Create("http://127.0.0.1:5/");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)->authority(), "127.0.0.1:5");
  absl::StatusOr<std::unique_ptr<CurlTransport>> v6 = CurlTransport::Create("https://[::1]");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ((*v6)->authority(), "[::1]:443");
  CurlTransportOptions missing_ca;
  missing_ca.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(CurlTransport::Create("https://127.0.0.1:1", missing_ca).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hromada
