// The integration tests' world: a real hromada-server process on a free
// loopback port with two communities, and real field clients (the library,
// gRPC over libcurl) on real SQLite profiles. The server's database is a
// SQLite file, or with HROMADA_TEST_DB=postgres a new database of the test
// binary's private PostgreSQL cluster (tests/support/pg_cluster.h).
#ifndef HROMADA_TESTS_INTEGRATION_FIXTURE_H_
#define HROMADA_TESTS_INTEGRATION_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "client/src/client_internal.h"
#include "client/src/transport/retry.h"
#include "client/src/transport/transport.h"
#include "tests/support/faulty_transport.h"
#include "tests/support/server_process.h"

namespace hromada::test {

// The passphrase of the profiles that the `hromada` binary opens in these
// tests ($HROMADA_PASSPHRASE, set by SetUp).
inline constexpr char kCliPassphrase[] = "integration passphrase";

class SyncFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  // Extra `serve` flags for a test, before SetUp starts the server.
  virtual std::vector<std::string> ServerArgs() const { return {}; }

  std::string AddCommunity(const std::string& latin, const std::string& uk);
  // Registers a device and returns its one-time code.
  std::string NewCode(const std::string& name, const std::string& communities,
                      const std::string& role = "field");
  // A new profile, enrolled.
  std::unique_ptr<Client> NewDevice(const std::string& name, const std::string& communities,
                                    const std::string& role = "field",
                                    ClientOptions options = WithTestKey());
  // Options whose transport is a CurlTransport wrapped in `faulty`, which
  // the test keeps (borrowed by every transport the client makes).
  ClientOptions FaultyOptions(FaultyTransport** faulty);
  // A retry policy that gives up after `attempts` quick tries.
  static std::shared_ptr<RetryPolicy> QuickRetry(int attempts);
  // acked_through of a device as the server reports it.
  uint64_t ServerAckedThrough(const std::string& device_name);

  TempDir dir_{"hromada-it"};
  std::unique_ptr<ServerProcess> server_;
  std::string bilozerka_, stanislav_;
  std::vector<std::unique_ptr<Transport>> transports_;
};

// Fields of a record as "name=value;" text, for comparing replicas.
std::string Dump(const RecordView& record);

}  // namespace hromada::test

#endif  // HROMADA_TESTS_INTEGRATION_FIXTURE_H_
