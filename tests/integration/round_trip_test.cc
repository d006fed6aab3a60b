// A small sync (a few changes, nothing to pull) on a 500 ms round trip,
// through the real server: one call, the push and the pull inside the
// handshake (docs/protocol.md "One exchange"), so one round trip once the
// connection exists, on one connection. The TLS handshake takes one round
// trip more (its key share on P-256, the group the server takes). The
// proxy's connect costs none here; hromada-bench --only small-sync models
// it. The figures of docs/performance.md come from here (stderr).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client/src/client_internal.h"
#include "client/src/transport/curl_transport.h"
#include "tests/support/run_tool.h"
#include "tests/support/server_process.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/temp_dir.h"

namespace hromada::test {
namespace {

constexpr absl::Duration kRtt = absl::Milliseconds(500);

struct SmallSync {
  absl::Duration took;
  int calls = 0;
  int64_t connections = 0;
};

// A server (TLS if `tls`), a device enrolled directly, three changes, then
// one sync through a proxy that adds kRtt.
SmallSync Measure(bool tls) {
  TempDir dir("hromada-rtt");
  ServerOptions options;
  options.db_path = dir.Path("server.db");
  TlsSettings settings;
  if (tls) {
    const std::string cert = dir.Path("cert.pem"), key = dir.Path("key.pem");
    absl::StatusOr<std::string> made = RunTool(
        "/usr/bin/openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                             "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj",
                             "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    EXPECT_TRUE(made.ok()) << made.status();
    options.args = {"--tls-cert", cert, "--tls-key", key};
    std::ifstream pem(cert);
    std::stringstream text;
    text << pem.rdbuf();
    settings.ca_pem = text.str();
  }
  auto server = ServerProcess::Start(options);
  EXPECT_TRUE(server.ok()) << server.status();
  if (!server.ok()) return {};
  absl::StatusOr<std::string> community = (*server)->Admin(
      "add-community", {"--name-uk", "Білозерка", "--name-latin", "Bilozerka", "--json"});
  absl::StatusOr<std::string> device =
      (*server)->Admin("add-device", {"--name", "rtt", "--communities", "Bilozerka", "--json"});
  EXPECT_TRUE(community.ok() && device.ok());
  if (!community.ok() || !device.ok()) return {};
  const std::string code = device->substr(device->find("\"code\":\"") + 8, 14);
  const std::string community_id =
      community->substr(community->find("\"community_id\":\"") + 16, 36);
  const std::string scheme = tls ? "https" : "http";
  auto proxy = TcpProxy::Start((*server)->port());
  EXPECT_TRUE(proxy.ok());
  if (!proxy.ok()) return {};
  const std::string via = absl::StrCat(scheme, "://127.0.0.1:", (*proxy)->port());

  ClientOptions client_options = WithTestKey();
  auto client = OpenClient(dir.Path("device.db"), client_options);
  EXPECT_TRUE(client.ok());
  EXPECT_TRUE((*client)->Enrol(via, code, "rtt", settings).ok());
  // The first sync brings the communities; the measured one has nothing
  // to pull.
  EXPECT_TRUE((*client)->Sync().ok());
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE((*client)
                    ->Put("person", "", community_id, {{"full_name", absl::StrCat("Особа ", i)}})
                    .ok());
  }
  (*proxy)->SetDelay(kRtt / 2);
  (*proxy)->ResetCounters();
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<SyncReport> report = (*client)->Sync();
  SmallSync out;
  out.took = absl::FromChrono(std::chrono::steady_clock::now() - start);
  EXPECT_TRUE(report.ok()) << report.status();
  if (report.ok()) out.calls = report->calls;
  out.connections = (*proxy)->connections_accepted();
  std::cerr << scheme << ": small sync " << out.calls << " calls, " << out.connections
            << " connections, " << absl::FormatDuration(out.took) << " on a "
            << absl::FormatDuration(kRtt) << " round trip\n";
  return out;
}

TEST(RoundTripTest, ASmallSyncIsOneRoundTripOverH2c) {
  const SmallSync s = Measure(/*tls=*/false);
  EXPECT_EQ(s.calls, 1);  // the handshake, carrying the push and the pull
  EXPECT_EQ(s.connections, 1);
  // The proxy's connect costs no round trip: one round trip, and some.
  EXPECT_LT(s.took, kRtt * 1.8);
}

TEST(RoundTripTest, ASmallSyncOverTlsIsTwoRoundTrips) {
  if (access("/usr/bin/openssl", X_OK) != 0) GTEST_SKIP() << "the openssl tool is not installed";
  const SmallSync s = Measure(/*tls=*/true);
  EXPECT_EQ(s.calls, 1);
  EXPECT_EQ(s.connections, 1);
  // The TLS handshake (one round trip: no HelloRetryRequest) and the call.
  EXPECT_LT(s.took, kRtt * 2.8);
}

}  // namespace
}  // namespace hromada::test
