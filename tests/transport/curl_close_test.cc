// A complete answer is a success, whatever the connection does after it;
// an answer cut before its trailers is a retryable loss. Through the fault
// proxy (tests/support/tcp_proxy.h) between libcurl and a grpc++ server.
#include <gtest/gtest.h>

#include "client/src/transport/curl_transport.h"
#include "hromada/v1/sync.pb.h"
#include "tests/support/tcp_proxy.h"
#include "tests/transport/canned_sync_server.h"

namespace hromada::testing {
namespace {

using test::Direction;
using test::TcpProxy;

std::string Handshake() {
  v1::HandshakeRequest request;
  request.set_protocol_version(1);
  request.set_cursor(21);
  return request.SerializeAsString();
}

std::string Pull(uint32_t text_bytes) {
  v1::PullRequest request;
  request.set_cursor(3);
  request.set_max_bytes(text_bytes);
  return request.SerializeAsString();
}

class CurlCloseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = CannedSyncServer::Start();
    ASSERT_NE(server_, nullptr);
    absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(server_->port());
    ASSERT_TRUE(proxy.ok()) << proxy.status();
    proxy_ = *std::move(proxy);
    CurlTransportOptions options;
    options.compress_requests = false;
    absl::StatusOr<std::unique_ptr<CurlTransport>> t =
        CurlTransport::Create(proxy_->url(), options);
    ASSERT_TRUE(t.ok()) << t.status();
    transport_ = *std::move(t);
  }

  absl::StatusOr<std::string> Call(absl::string_view method, const std::string& request) {
    CallOptions options;
    options.token = kGoodToken;
    options.deadline = absl::Seconds(10);
    return transport_->Call(method, request, options, nullptr);
  }

  // The bytes the server sends for one whole call, from a first call.
  int64_t WholeAnswerBytes(absl::string_view method, const std::string& request) {
    proxy_->ResetCounters();
    EXPECT_TRUE(Call(method, request).ok());
    // Let the close settle, so that nothing after the answer is counted.
    absl::SleepFor(absl::Milliseconds(100));
    return proxy_->bytes_down();
  }

  std::unique_ptr<CannedSyncServer> server_;
  std::unique_ptr<TcpProxy> proxy_;
  std::unique_ptr<CurlTransport> transport_;
};

TEST_F(CurlCloseTest, ACloseRightAfterTheTrailersIsASuccess) {
  for (const auto& [method, request] :
       {std::pair<const char*, std::string>{"Handshake", Handshake()}, {"Pull", Pull(30000)}}) {
    const int64_t whole = WholeAnswerBytes(method, request);
    ASSERT_GT(whole, 0);
    proxy_->CloseAfter(Direction::kDown, whole);
    absl::StatusOr<std::string> answer = Call(method, request);
    EXPECT_TRUE(answer.ok()) << method << ": " << answer.status();
    proxy_->ClearFaults();
    // A reset right after the last byte may lose it in the kernel; the
    // answer either arrived whole (success) or not (UNAVAILABLE): never a
    // refusal.
    proxy_->CutAfter(Direction::kDown, whole);
    answer = Call(method, request);
    EXPECT_TRUE(answer.ok() || answer.status().code() == absl::StatusCode::kUnavailable)
        << method << ": " << answer.status();
    proxy_->ClearFaults();
  }
}

TEST_F(CurlCloseTest, AnAnswerCutBeforeItsTrailersIsRetryable) {
  const std::string request = Pull(30000);
  const int64_t whole = WholeAnswerBytes("Pull", request);
  for (int64_t at : {whole / 2, whole - 40}) {
    proxy_->CutAfter(Direction::kDown, at);
    absl::StatusOr<std::string> answer = Call("Pull", request);
    EXPECT_EQ(answer.status().code(), absl::StatusCode::kUnavailable)
        << "cut at " << at << " of " << whole << ": " << answer.status();
    proxy_->ClearFaults();
    // Closed cleanly before the trailers: the stream ends early.
    proxy_->CloseAfter(Direction::kDown, at);
    answer = Call("Pull", request);
    EXPECT_EQ(answer.status().code(), absl::StatusCode::kUnavailable)
        << "closed at " << at << " of " << whole << ": " << answer.status();
    proxy_->ClearFaults();
  }
}

}  // namespace
}  // namespace hromada::testing
