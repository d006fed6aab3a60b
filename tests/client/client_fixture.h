// A test fixture for the client library: the server's own logic on a
// SQLite file (LocalServer) behind a
// FaultyTransport, manual clocks for device and server, fast retries, and
// profiles in a temporary folder.
#ifndef HROMADA_TESTS_CLIENT_CLIENT_FIXTURE_H_
#define HROMADA_TESTS_CLIENT_CLIENT_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "client/src/client_internal.h"
#include "client/src/transport/retry.h"
#include "shared/base/clock.h"
#include "shared/base/sqlite.h"
#include "shared/base/uuid.h"
#include "tests/client/local_server.h"
#include "tests/support/faulty_transport.h"
#include "tests/support/temp_dir.h"

namespace hromada::test {

constexpr int64_t kT0 = 1'700'000'000'000;

class ClientTest : public ::testing::Test {
 protected:
  ClientTest() : fake_(server_.Connect()), faulty_(fake_.get()) {
    auto policy = std::make_shared<RetryPolicy>();
    policy->sleep = [](absl::Duration) {};
    policy->max_attempts = 4;
    retry_ = policy;
  }

  ClientOptions Options() {
    ClientOptions options = WithTestKey();
    options.clock = &device_clock_;
    options.monotonic_clock = &monotonic_clock_;
    options.transport_factory =
        [this](const std::string&) -> absl::StatusOr<std::unique_ptr<Transport>> {
      return std::make_unique<BorrowedTransport>(&faulty_);
    };
    options.retry_policy = retry_;
    return options;
  }

  void NoRetries() {
    auto policy = std::make_shared<RetryPolicy>(*retry_);
    policy->max_attempts = 1;
    retry_ = policy;
  }

  std::unique_ptr<Client> Open(const std::string& name = "device.db") {
    absl::StatusOr<std::unique_ptr<Client>> client = OpenClient(dir_.Path(name), Options());
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  // A client enrolled for kCommunity (and any extra community bytes).
  std::unique_ptr<Client> Enrolled(const std::string& name = "device.db",
                                   v1::Role role = v1::ROLE_FIELD) {
    const std::string code = "code-" + name;
    server_.AddCode(code, {community_bytes_}, role);
    std::unique_ptr<Client> client = Open(name);
    absl::Status s = client->Enrol("http://fake:1", code, name);
    EXPECT_TRUE(s.ok()) << s;
    return client;
  }

  // Reopens `name` as an altered client would be: one that believes it is
  // a coordinator, so its own checks pass what the server refuses.
  std::unique_ptr<Client> Tampered(std::unique_ptr<Client> client,
                                   const std::string& name = "device.db") {
    client.reset();
    auto db = sql::Db::Open(dir_.Path(name));
    EXPECT_TRUE(db.ok()) << db.status();
    EXPECT_TRUE((*db)->Exec("UPDATE settings SET value = 2 WHERE key = 'role'").ok());
    db->reset();
    return Open(name);
  }

  Fields Person(const std::string& full_name) {
    return Fields{{"full_name", full_name}, {"birth_year", int64_t{1980}}};
  }

  TempDir dir_{"hromada-client"};
  ManualClock device_clock_{kT0};
  // Advanced by hand with device_clock_ where a test means time to pass; a
  // device clock moved alone is a clock that was set.
  client::ManualMonotonicClock monotonic_clock_;
  ManualClock server_clock_{kT0};
  LocalServer server_{&server_clock_, dir_.Path("server.db")};
  std::unique_ptr<Transport> fake_;
  FaultyTransport faulty_;
  std::shared_ptr<const RetryPolicy> retry_;
  const Uuid community_ = Uuid::V4();
  const std::string community_bytes_ = community_.bytes();
  const std::string kCommunity = community_.ToString();
};

}  // namespace hromada::test

#endif  // HROMADA_TESTS_CLIENT_CLIENT_FIXTURE_H_
