#include "tests/support/faulty_transport.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace hromada {
namespace {

// Stands in for the server: records what reached it, answers "ack:<request>".
class RecordingTransport final : public Transport {
 public:
  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                   const CallOptions&, CallBytes* bytes) override {
    received.push_back(std::string(method) + ":" + std::string(request));
    if (bytes != nullptr) *bytes = CallBytes{request.size() + 100, 50};
    if (method == "Broken") return absl::InternalError("server bug");
    return "ack:" + std::string(request);
  }
  std::vector<std::string> received;
};

absl::StatusOr<std::string> Push(FaultyTransport& t, const std::string& request,
                                 CallBytes* bytes = nullptr) {
  return t.Call("Push", request, CallOptions{}, bytes);
}

TEST(FaultyTransport, WithoutAPlanItForwardsEverything) {
  RecordingTransport server;
  FaultyTransport t(&server);
  CallBytes bytes;
  absl::StatusOr<std::string> answer = Push(t, "a", &bytes);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(*answer, "ack:a");
  EXPECT_EQ(bytes.up, 101u);
  EXPECT_EQ(t.Call("Broken", "x", {}, nullptr).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(t.calls(), 2);
  EXPECT_EQ(t.faults(), 0);
  EXPECT_EQ(server.received, (std::vector<std::string>{"Push:a", "Broken:x"}));
}

TEST(FaultyTransport, FailBeforeForwardNeverReachesTheServer) {
  RecordingTransport server;
  FaultyTransport t(&server);
  t.FailCall(2);
  CallBytes bytes{7, 7};
  EXPECT_TRUE(Push(t, "1").ok());
  absl::StatusOr<std::string> lost = Push(t, "2", &bytes);
  EXPECT_EQ(lost.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(bytes.up, 0u);
  EXPECT_EQ(bytes.down, 0u);
  EXPECT_TRUE(Push(t, "3").ok());
  EXPECT_EQ(server.received, (std::vector<std::string>{"Push:1", "Push:3"}));
  EXPECT_EQ(t.calls("Push"), 3);
  EXPECT_EQ(t.forwarded("Push"), 2);
  EXPECT_EQ(t.faults(), 1);
}

TEST(FaultyTransport, FailAfterForwardLosesTheAck) {
  RecordingTransport server;
  FaultyTransport t(&server);
  t.FailCall(1, {FaultTiming::kAfterForward, absl::DeadlineExceededError("ack lost")});
  CallBytes bytes;
  absl::StatusOr<std::string> lost = Push(t, "batch", &bytes);
  EXPECT_EQ(lost.status(), absl::DeadlineExceededError("ack lost"));
  EXPECT_EQ(server.received, std::vector<std::string>{"Push:batch"});  // the server applied it
  EXPECT_EQ(bytes.up, 105u);                                           // the bytes did cross
  EXPECT_EQ(t.forwarded("Push"), 1);
}

TEST(FaultyTransport, FailMethodCountsDownOnlyThatMethod) {
  RecordingTransport server;
  FaultyTransport t(&server);
  t.FailMethod("Push", {}, /*times=*/2);
  EXPECT_FALSE(Push(t, "1").ok());
  EXPECT_TRUE(t.Call("Pull", "p", {}, nullptr).ok());
  EXPECT_FALSE(Push(t, "2").ok());
  EXPECT_TRUE(Push(t, "3").ok());
  EXPECT_EQ(t.calls("Push"), 3);
  EXPECT_EQ(t.calls("Pull"), 1);
  EXPECT_EQ(t.calls("Handshake"), 0);
  EXPECT_EQ(t.faults(), 2);

  t.FailMethod("Pull");  // every call from now on
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(t.Call("Pull", "p", {}, nullptr).ok());
  t.ClearFaults();
  EXPECT_TRUE(t.Call("Pull", "p", {}, nullptr).ok());
}

TEST(FaultyTransport, CallRulesWinOverMethodRules) {
  RecordingTransport server;
  FaultyTransport t(&server);
  t.FailMethod("Push", {FaultTiming::kBeforeForward, absl::AbortedError("method")});
  t.FailCall(1, {FaultTiming::kBeforeForward, absl::UnavailableError("call")});
  EXPECT_EQ(Push(t, "1").status(), absl::UnavailableError("call"));
  EXPECT_EQ(Push(t, "2").status(), absl::AbortedError("method"));
}

std::vector<bool> Outcomes(uint64_t seed, double p, int n) {
  RecordingTransport server;
  FaultyTransport t(&server);
  t.FailRandomly(p, seed);
  std::vector<bool> ok;
  for (int i = 0; i < n; ++i) ok.push_back(Push(t, std::to_string(i)).ok());
  return ok;
}

TEST(FaultyTransport, RandomFaultsAreReproducibleFromTheSeed) {
  const std::vector<bool> a = Outcomes(7, 0.3, 1000);
  EXPECT_EQ(a, Outcomes(7, 0.3, 1000));
  EXPECT_NE(a, Outcomes(8, 0.3, 1000));
  const long failures = std::count(a.begin(), a.end(), false);
  EXPECT_GT(failures, 240);  // 300 expected; the bounds are ~4.5 sigma
  EXPECT_LT(failures, 360);
  const std::vector<bool> never = Outcomes(7, 0.0, 100);
  EXPECT_EQ(std::count(never.begin(), never.end(), false), 0);
  const std::vector<bool> always = Outcomes(7, 1.0, 100);
  EXPECT_EQ(std::count(always.begin(), always.end(), true), 0);
}

TEST(FaultyTransport, OwnsItsInnerTransportWhenGivenOne) {
  auto server = std::make_unique<RecordingTransport>();
  RecordingTransport* peek = server.get();
  FaultyTransport t(std::move(server));
  EXPECT_TRUE(Push(t, "x").ok());
  EXPECT_EQ(peek->received.size(), 1u);
}

}  // namespace
}  // namespace hromada
