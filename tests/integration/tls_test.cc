// hromada-server with a certificate and key serves TLS, and the field
// client syncs with it over https (ALPN h2), trusting that certificate.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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

  // The private CA is given at enrolment and kept in the profile: a
  // reopened profile syncs with it.
  TlsSettings tls;
  std::ifstream pem(cert);
  std::stringstream text;
  text << pem.rdbuf();
  tls.ca_pem = text.str();
  const std::string url = absl::StrCat("https://127.0.0.1:", (*server)->port());
  {
    auto client = OpenClient(dir.Path("device.db"), WithTestKey());
    ASSERT_TRUE(client.ok()) << client.status();
    ASSERT_TRUE((*client)->Enrol(url, code, "tls", tls).ok());
  }
  auto client = OpenClient(dir.Path("device.db"), WithTestKey());
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_FALSE((*client)->GetStatus()->tls.ca_pem.empty());
  absl::StatusOr<SyncReport> report = (*client)->Sync();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->pulled, 6u) << "the six communities of a new database";

  // Without trusting the certificate, the client refuses to talk.
  auto no_retry = std::make_shared<RetryPolicy>();
  no_retry->max_attempts = 1;
  ClientOptions once = WithTestKey();
  once.retry_policy = no_retry;
  auto stranger = OpenClient(dir.Path("stranger.db"), once);
  ASSERT_TRUE(stranger.ok());
  const absl::Status refused = (*stranger)->Enrol(url, "AAAA-BBBB-CCCC", "x");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition)
      << "a certificate failure is permanent, not 'try again': " << refused;
}

}  // namespace
}  // namespace hromada::test
