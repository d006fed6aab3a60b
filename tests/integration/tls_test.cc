// hromada-server with a certificate and key serves TLS, and the field
// client syncs with it over https (ALPN h2), trusting that certificate.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "client/src/client_internal.h"
#include "client/src/transport/curl_transport.h"
#include "client/src/transport/retry.h"
#include "tests/support/server_process.h"

namespace hromada::test {
namespace {

TEST(TlsTest, FieldClientSyncsOverTls) {
  if (access("/usr/bin/openssl", X_OK) != 0) GTEST_SKIP() << "the openssl tool is not installed";
  TempDir dir("hromada-tls");
  const std::string cert = dir.Path("cert.pem"), key = dir.Path("key.pem");
  absl::StatusOr<std::string> made =
      RunTool("/usr/bin/openssl",
              {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
               "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  ASSERT_TRUE(made.ok()) << made.status();

  ServerOptions options;
  options.db_path = dir.Path("server.db");
  options.args = {"--tls-cert", cert, "--tls-key", key};
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE((*server)
                  ->Admin("add-community", {"--name-uk", "Білозерка", "--name-latin", "Bilozerka"})
                  .ok());
  absl::StatusOr<std::string> device =
      (*server)->Admin("add-device", {"--name", "tls", "--communities", "Bilozerka", "--json"});
  ASSERT_TRUE(device.ok()) << device.status();
  const std::string code = device->substr(device->find("\"code\":\"") + 8, 14);

  ClientOptions client_options = WithTestKey();
  client_options.transport_factory = [cert](const std::string& url) {
    CurlTransportOptions transport;
    transport.ca_file = cert;
    auto t = CurlTransport::Create(url, transport);
    if (!t.ok()) return absl::StatusOr<std::unique_ptr<Transport>>(t.status());
    return absl::StatusOr<std::unique_ptr<Transport>>(*std::move(t));
  };
  auto client = Client::Open(dir.Path("device.db"), client_options);
  ASSERT_TRUE(client.ok()) << client.status();
  const std::string url = absl::StrCat("https://127.0.0.1:", (*server)->port());
  ASSERT_TRUE((*client)->Enrol(url, code, "tls").ok());
  absl::StatusOr<SyncReport> report = (*client)->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->pulled, 6u) << "the six communities of a new database";

  // Without trusting the certificate, the client refuses to talk.
  auto no_retry = std::make_shared<RetryPolicy>();
  no_retry->max_attempts = 1;
  ClientOptions once = WithTestKey();
  once.retry_policy = no_retry;
  auto stranger = Client::Open(dir.Path("stranger.db"), once);
  ASSERT_TRUE(stranger.ok());
  EXPECT_EQ((*stranger)->Enrol(url, "AAAA-BBBB-CCCC", "x").code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace hromada::test
