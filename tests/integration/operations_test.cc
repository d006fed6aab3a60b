// What operators and their tools see of the real server process: the
// standard health service and reflection on the sync port (and that they
// stay bounded and open no way around the call limits), Prometheus metrics
// that count a sync, JSON log lines, and --version on both binaries.
#include <curl/curl.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.pb.h"
#include "hromada/v1/sync.grpc.pb.h"
#include "ops_proto/grpc/health/v1/health.grpc.pb.h"
#include "ops_proto/grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "server/ops/http_metrics.h"
#include "tests/integration/fixture.h"
#include "tests/support/h2_flood.h"
#include "tests/support/loopback.h"

namespace hromada::test {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using grpc::reflection::v1alpha::ServerReflection;
using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;

std::shared_ptr<grpc::Channel> Channel(const ServerProcess& server) {
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(8 << 20);
  return grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), args);
}

grpc::Status Check(const ServerProcess& server, const std::string& service,
                   HealthCheckResponse* answer) {
  auto stub = Health::NewStub(Channel(server));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  HealthCheckRequest request;
  request.set_service(service);
  return stub->Check(&context, request, answer);
}

// Asks reflection one question on a fresh stream.
absl::StatusOr<ServerReflectionResponse> Reflect(const ServerProcess& server,
                                                 const ServerReflectionRequest& request) {
  auto stub = ServerReflection::NewStub(Channel(server));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&context);
  ServerReflectionResponse answer;
  const bool asked = stream->Write(request) && stream->WritesDone();
  const bool got = asked && stream->Read(&answer);
  ServerReflectionResponse rest;
  while (got && stream->Read(&rest)) {
  }
  grpc::Status status = stream->Finish();
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  if (!got) return absl::InternalError("reflection answered nothing");
  return answer;
}

std::vector<std::string> ListServices(const ServerProcess& server) {
  ServerReflectionRequest request;
  request.set_list_services("*");
  absl::StatusOr<ServerReflectionResponse> answer = Reflect(server, request);
  EXPECT_TRUE(answer.ok()) << answer.status();
  std::vector<std::string> names;
  if (!answer.ok()) return names;
  for (const auto& s : answer->list_services_response().service()) names.push_back(s.name());
  return names;
}

size_t AppendBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// GETs http://127.0.0.1:port/path; the HTTP status and body.
std::pair<long, std::string> HttpGet(int port, const std::string& path) {
  std::string body;
  CURL* curl = curl_easy_init();
  const std::string url = absl::StrCat("http://127.0.0.1:", port, path);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  long http = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
  curl_easy_cleanup(curl);
  return {http, body};
}

// Prometheus text to {"name{labels}": value}; comments skipped.
std::map<std::string, double> ParseMetrics(const std::string& text) {
  std::map<std::string, double> values;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "#")) continue;
    const size_t space = line.rfind(' ');
    double value = 0;
    EXPECT_NE(space, absl::string_view::npos) << line;
    if (space == absl::string_view::npos) continue;
    EXPECT_TRUE(absl::SimpleAtod(line.substr(space + 1), &value)) << line;
    values[std::string(line.substr(0, space))] = value;
  }
  return values;
}

class OperationsTest : public SyncFixture {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--metrics-listen",   absl::StrCat("127.0.0.1:", metrics_port_),
            "--log-format",       "json",
            "--enrol-burst",      "2",
            "--enrol-per-minute", "1"};
  }
  std::map<std::string, double> Scrape() {
    auto [http, body] = HttpGet(metrics_port_, "/metrics");
    EXPECT_EQ(http, 200) << body;
    return ParseMetrics(body);
  }
  const int metrics_port_ = FreeLoopbackPort();
};

TEST_F(OperationsTest, HealthSaysServing) {
  HealthCheckResponse answer;
  grpc::Status status = Check(*server_, "", &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.status(), HealthCheckResponse::SERVING);
  status = Check(*server_, "hromada.v1.Sync", &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.status(), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check(*server_, "no.such.Service", &answer).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(OperationsTest, HealthAndReflectionAreBoundedLikeEveryCall) {
  // A request past the server's message limit is refused before the
  // health service sees it.
  HealthCheckResponse answer;
  EXPECT_EQ(Check(*server_, std::string(3 << 20, 'x'), &answer).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  ServerReflectionRequest big;
  big.set_file_containing_symbol(std::string(3 << 20, 'x'));
  EXPECT_EQ(Reflect(*server_, big).status().code(), absl::StatusCode::kResourceExhausted);
  // Neither opens a way around the limits of the sync service: a peer
  // that has used up its enrolment attempts is still refused, and health
  // still answers.
  auto stub = v1::Sync::NewStub(Channel(*server_));
  grpc::StatusCode last = grpc::StatusCode::OK;
  for (int i = 0; i < 4; ++i) {
    grpc::ClientContext context;
    v1::EnrolRequest request;
    request.set_code("no-such-code");
    v1::EnrolResponse response;
    last = stub->Enrol(&context, request, &response).error_code();
  }
  EXPECT_EQ(last, grpc::StatusCode::RESOURCE_EXHAUSTED);
  ASSERT_TRUE(Check(*server_, "", &answer).ok());
  EXPECT_EQ(answer.status(), HealthCheckResponse::SERVING);
  std::map<std::string, double> m = Scrape();
  EXPECT_GE(m["hromada_refusals_total{reason=\"enrol_rate\"}"], 2);
  EXPECT_GE(m["hromada_calls_total{method=\"Enrol\",code=\"RESOURCE_EXHAUSTED\"}"], 2);
}

// Reflection is a synchronous streaming service: each open stream holds
// one of its few threads. Streams left open (more than it has threads)
// must not hold up health or the sync service.
TEST_F(OperationsTest, IdleReflectionStreamsHoldUpNoSync) {
  auto stub = ServerReflection::NewStub(Channel(*server_));
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<
      std::unique_ptr<grpc::ClientReaderWriter<ServerReflectionRequest, ServerReflectionResponse>>>
      streams;
  for (int i = 0; i < 12; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    streams.push_back(stub->ServerReflectionInfo(contexts.back().get()));
    ServerReflectionRequest request;
    request.set_list_services("*");
    streams.back()->Write(request);  // and never closes its side
  }
  HealthCheckResponse answer;
  ASSERT_TRUE(Check(*server_, "", &answer).ok());
  EXPECT_EQ(answer.status(), HealthCheckResponse::SERVING);
  auto device = NewDevice("a", "Bilozerka");
  ASSERT_NE(device, nullptr);
  ASSERT_TRUE(device->Put("person", "", bilozerka_, {{"full_name", std::string("Олена")}}).ok());
  ASSERT_TRUE(device->Sync().ok());
  for (auto& context : contexts) context->TryCancel();
  for (auto& stream : streams) stream->Finish().ok();
}

TEST_F(OperationsTest, ReflectionListsTheSyncService) {
  std::vector<std::string> services = ListServices(*server_);
  EXPECT_NE(std::find(services.begin(), services.end(), "hromada.v1.Sync"), services.end());
  EXPECT_NE(std::find(services.begin(), services.end(), "grpc.health.v1.Health"), services.end());

  ServerReflectionRequest request;
  request.set_file_containing_symbol("hromada.v1.Sync");
  absl::StatusOr<ServerReflectionResponse> answer = Reflect(*server_, request);
  ASSERT_TRUE(answer.ok()) << answer.status();
  bool found = false;
  for (const std::string& bytes : answer->file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    for (const auto& service : file.service()) {
      if (service.name() != "Sync") continue;
      found = true;
      std::vector<std::string> methods;
      for (const auto& m : service.method()) methods.push_back(m.name());
      EXPECT_THAT(methods, ::testing::IsSupersetOf({"Handshake", "Enrol", "Push", "Pull"}));
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(OperationsTest, MetricsCountASync) {
  std::map<std::string, double> before = Scrape();
  auto device = NewDevice("a", "Bilozerka");
  ASSERT_NE(device, nullptr);
  ASSERT_TRUE(device->Put("person", "", bilozerka_, {{"full_name", std::string("Олена")}}).ok());
  ASSERT_TRUE(device->Sync().ok());
  std::map<std::string, double> after = Scrape();

  for (const char* method : {"Enrol", "Handshake", "Push", "Pull"}) {
    const std::string calls =
        absl::StrCat("hromada_calls_total{method=\"", method, "\",code=\"OK\"}");
    EXPECT_GE(after[calls], 1) << calls;
    const std::string count =
        absl::StrCat("hromada_call_duration_seconds_count{method=\"", method, "\"}");
    EXPECT_GE(after[count], 1) << count;
    const std::string inf =
        absl::StrCat("hromada_call_duration_seconds_bucket{method=\"", method, "\",le=\"+Inf\"}");
    EXPECT_EQ(after[inf], after[count]) << inf;
  }
  EXPECT_GE(after["hromada_records_pushed_total"], before["hromada_records_pushed_total"] + 1);
  EXPECT_GE(after["hromada_records_pulled_total"], before["hromada_records_pulled_total"] + 1);
  EXPECT_EQ(after["hromada_devices{state=\"active\"}"], 1);
  EXPECT_EQ(after["hromada_devices_seen{within=\"1h\"}"], 1);
  EXPECT_GT(after["hromada_database_bytes"], 0);
  EXPECT_GT(after["hromada_db_commits_total"], before["hromada_db_commits_total"]);
  EXPECT_GT(after["hromada_db_commit_seconds_total"], 0);
  EXPECT_EQ(after["hromada_scrape_error"], 0);
  EXPECT_EQ(after.count("hromada_refusals_total{reason=\"unauthenticated\"}"), 1u);

  EXPECT_EQ(HttpGet(metrics_port_, "/other").first, 404);
}

// 10 clients that send their request a byte at a time (each byte resets
// libmicrohttpd's idle timer) neither keep a scraper out nor stay past the
// request deadline (issue 22; they starved /metrics for 30 s before).
TEST_F(OperationsTest, SlowClientsNeitherStarveMetricsNorStay) {
  std::vector<int> slow;
  for (int i = 0; i < 10; ++i) {
    const int fd = ConnectLoopback(metrics_port_);
    ASSERT_GE(fd, 0);
    const std::string start = "GET /metrics HTTP/1.1\r\nHost: x\r\n";
    send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::thread drip([&] {
    while (!stop) {
      for (int fd : slow) send(fd, "X", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  });
  const auto start = std::chrono::steady_clock::now();
  auto [http, body] = HttpGet(metrics_port_, "/metrics");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(http, 200) << body;
  EXPECT_LT(took.count(), 2.0) << "the scraper waited for the slow clients";
  // All are cut at the whole-request deadline, bytes or not.
  const auto deadline = start + std::chrono::seconds(server::kRequestDeadlineSeconds + 3);
  int open = CountOpen(slow);
  while (open > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    open = CountOpen(slow);
  }
  stop = true;
  drip.join();
  EXPECT_EQ(open, 0) << "slow clients outlived the request deadline";
  CloseAll(slow);
}

TEST_F(OperationsTest, LogLinesAreJson) {
  HealthCheckResponse answer;
  ASSERT_TRUE(Check(*server_, "", &answer).ok());
  ASSERT_TRUE(server_->Stop().ok());
  std::ifstream log(server_->log_path());
  std::string line;
  int lines = 0;
  bool listening = false;
  while (std::getline(log, line)) {
    ++lines;
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(parsed.is_discarded()) << line;
    ASSERT_TRUE(parsed.is_object()) << line;
    for (const char* key : {"time", "level", "logger", "message"}) {
      EXPECT_TRUE(parsed.contains(key)) << key << " in " << line;
    }
    if (absl::StrContains(parsed.value("message", ""), "listening")) listening = true;
  }
  EXPECT_GE(lines, 3);  // listening, metrics, stopping, stopped
  EXPECT_TRUE(listening);
}

class NoReflectionTest : public SyncFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--no-reflection"}; }
};

TEST_F(NoReflectionTest, ReflectionIsOff) {
  ServerReflectionRequest request;
  request.set_list_services("*");
  EXPECT_EQ(Reflect(*server_, request).status().code(), absl::StatusCode::kUnimplemented);
  HealthCheckResponse answer;
  ASSERT_TRUE(Check(*server_, "", &answer).ok());
  EXPECT_EQ(answer.status(), HealthCheckResponse::SERVING);
}

TEST(VersionTest, BothBinariesPrintTheirVersion) {
  for (const char* name : {"hromada", "hromada-server"}) {
    absl::StatusOr<std::string> out = RunTool(BinDir() + "/" + name, {"--version"});
    ASSERT_TRUE(out.ok()) << name << ": " << out.status();
    EXPECT_TRUE(absl::StartsWith(*out, absl::StrCat(name, " 0."))) << *out;
  }
}

}  // namespace
}  // namespace hromada::test
