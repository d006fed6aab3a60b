// CurlTransport over TLS (ALPN h2) against the canned grpc++ server, with
// a self-signed certificate made at test time by the openssl CLI.
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client/src/transport/curl_transport.h"
#include "client/src/transport/loopback.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hromada/v1/sync.pb.h"
#include "tests/transport/canned_sync_server.h"

namespace hromada {
namespace {

using ::hromada::testing::CannedServerOptions;
using ::hromada::testing::CannedSyncServer;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CurlTransportTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "the openssl CLI is not installed; cannot make a test certificate";
    }
    std::string dir_template = ::testing::TempDir() + "hromada-tls-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
    dir_ = dir_template;
    ca_file_ = dir_ + "/cert.pem";
    const std::string command = absl::StrCat(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2",
        " -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1", " -keyout ", dir_,
        "/key.pem -out ", ca_file_, " >/dev/null 2>&1");
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    CannedServerOptions options;
    options.cert_pem = ReadFile(ca_file_);
    options.key_pem = ReadFile(dir_ + "/key.pem");
    server_ = CannedSyncServer::Start(options);
    ASSERT_NE(server_, nullptr);
  }

  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  absl::StatusOr<std::string> Handshake(CurlTransport& t, uint64_t cursor) {
    v1::HandshakeRequest request;
    request.set_cursor(cursor);
    CallOptions options;
    options.token = testing::kGoodToken;
    return t.Call("Handshake", request.SerializeAsString(), options, nullptr);
  }

  std::string dir_;
  std::string ca_file_;
  std::unique_ptr<CannedSyncServer> server_;
};

TEST_F(CurlTransportTlsTest, CallsSucceedWithTheCaFileAndShareOneConnection) {
  ASSERT_THAT(server_->url(), ::testing::StartsWith("https://"));
  CurlTransportOptions options;
  options.ca_file = ca_file_;
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url(), options);
  ASSERT_TRUE(t.ok()) << t.status();
  for (uint64_t i = 1; i <= 4; ++i) {
    absl::StatusOr<std::string> answer = Handshake(**t, i);
    ASSERT_TRUE(answer.ok()) << answer.status();
    v1::HandshakeResponse response;
    ASSERT_TRUE(response.ParseFromString(*answer));
    EXPECT_EQ(response.pending_records(), 2 * i);
  }
  const std::vector<std::string> peers = server_->observed().peers;
  ASSERT_EQ(peers.size(), 4u);
  EXPECT_EQ(std::set<std::string>(peers.begin(), peers.end()).size(), 1u)
      << "TLS calls should reuse one connection";
}

TEST_F(CurlTransportTlsTest, UntrustedCertificateIsAPermanentFailure) {
  // The system CA store does not know the self-signed certificate.
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url());
  ASSERT_TRUE(t.ok()) << t.status();
  absl::StatusOr<std::string> answer = Handshake(**t, 0);
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kFailedPrecondition) << answer.status();
  EXPECT_THAT(answer.status().message(), HasSubstr("does not trust"));
  EXPECT_THAT(answer.status().message(), HasSubstr(absl::StrCat("127.0.0.1:", server_->port())));
  EXPECT_TRUE(server_->observed().peers.empty());
}

TEST_F(CurlTransportTlsTest, VerificationCanBeTurnedOffForTests) {
  CurlTransportOptions options;
  options.verify_peer = false;
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url(), options);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(Handshake(**t, 0).ok());
}

TEST_F(CurlTransportTlsTest, ThePinnedKeyDecides) {
  const std::string pin_command =
      absl::StrCat("openssl x509 -in ", ca_file_, " -pubkey -noout | openssl pkey -pubin ",
                   "-outform der | openssl dgst -sha256 -binary | base64 > ", dir_, "/pin");
  ASSERT_EQ(std::system(pin_command.c_str()), 0);
  std::string pin = ReadFile(dir_ + "/pin");
  pin = "sha256//" + pin.substr(0, pin.find('\n'));
  CurlTransportOptions options;
  options.verify_peer = false;  // self-signed: the pin alone vouches
  options.pinned_public_key = pin;
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(server_->url(), options);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(Handshake(**t, 0).ok());
  options.pinned_public_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  options.ca_file = ca_file_;
  options.verify_peer = true;  // even a trusted certificate fails a wrong pin
  t = CurlTransport::Create(server_->url(), options);
  ASSERT_TRUE(t.ok()) << t.status();
  absl::StatusOr<std::string> answer = Handshake(**t, 0);
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kFailedPrecondition) << answer.status();
  EXPECT_THAT(answer.status().message(), HasSubstr("pinned"));
}

TEST_F(CurlTransportTlsTest, CleartextClientCannotTalkToTheTlsServer) {
  absl::StatusOr<std::unique_ptr<CurlTransport>> t =
      CurlTransport::Create(absl::StrCat("http://127.0.0.1:", server_->port()));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Handshake(**t, 0).status().code(), absl::StatusCode::kUnavailable);
}

TEST(CurlTransportCleartextTest, PlainHttpGoesOnlyToLoopbackUnlessAllowed) {
  for (const char* url : {"http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"}) {
    EXPECT_TRUE(CurlTransport::Create(url).ok()) << url;
  }
  absl::StatusOr<std::unique_ptr<CurlTransport>> remote =
      CurlTransport::Create("http://192.0.2.10:7443");
  EXPECT_EQ(remote.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(remote.status().message(), HasSubstr("--insecure"));
  CurlTransportOptions options;
  options.allow_cleartext_remote = true;
  EXPECT_TRUE(CurlTransport::Create("http://192.0.2.10:7443", options).ok());
  EXPECT_TRUE(CurlTransport::Create("https://192.0.2.10:7443").ok());
}

// Issue 22: the guard took any host beginning with "127." for this machine.
TEST(CurlTransportCleartextTest, LoopbackIsAnAddressNotAPrefix) {
  for (const char* url : {"http://127.0.0.2:1", "http://127.255.255.254:1",
                          "http://[::ffff:127.0.0.1]:1", "http://LOCALHOST:1"}) {
    EXPECT_TRUE(CurlTransport::Create(url).ok()) << url;
  }
  for (const char* url : {"http://127.attacker.example:1", "http://127.0.0.1.nip.io:1",
                          "http://localhost.attacker.example:1", "http://128.0.0.1:1",
                          "http://[::2]:1", "http://[::ffff:192.0.2.10]:1", "http://0.0.0.0:1"}) {
    absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(url);
    EXPECT_EQ(t.status().code(), absl::StatusCode::kFailedPrecondition) << url;
  }
  EXPECT_TRUE(IsLoopbackAddress("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_FALSE(IsLoopbackAddress("[::1"));
  EXPECT_FALSE(IsLoopbackAddress("127.example"));
  EXPECT_FALSE(IsLoopbackAddress("localhost"));  // a name, not an address
  EXPECT_TRUE(IsLoopbackHost("localhost"));
}

}  // namespace
}  // namespace hromada
