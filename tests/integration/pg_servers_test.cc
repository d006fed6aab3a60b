// Three hromada-server processes on one PostgreSQL database (one with its
// connections capped), 50 field devices pushing and pulling at once, each
// call through a server picked at random (docs/deploy.md). Every device
// pulls incrementally with its cursor, so a record whose sequence number a
// cursor passed before it committed would be missing for good. In the end
// every device holds every record of its community, and all devices of a
// community hold the same states.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/src/client_internal.h"
#include "server/admin/admin.h"
#include "server/store/open_store.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"
#include "tests/integration/fixture.h"
#include "tests/support/any_server.h"
#include "tests/support/pg_cluster.h"

namespace hromada::test {
namespace {

constexpr int kServers = 3;
constexpr int kDevices = 50;
constexpr absl::Duration kBusy = absl::Seconds(15);

// A device of the test and what it wrote.
struct FieldDevice {
  std::string name;
  std::string community;  // UUID text
  std::unique_ptr<Client> client;
  std::vector<std::string> created;  // ids of persons it created
  int sync_failures = 0;
};

class PgServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<PgCluster*> cluster = SharedPgCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    absl::StatusOr<std::string> url = (*cluster)->NewDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
    for (int i = 0; i < kServers; ++i) {
      ServerOptions options;
      options.db_path = url_;
      options.work_dir = dir_.path();
      // One server with few connections (--db-connections): its calls
      // take turns and must still all succeed.
      if (i == kServers - 1) options.args = {"--db-connections", "3"};
      absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
      ASSERT_TRUE(server.ok()) << server.status();
      servers_.push_back(*std::move(server));
    }
  }

  // Options whose every connection goes to a server picked at random.
  ClientOptions RandomServer(int seed) {
    std::vector<std::string> urls;
    for (const auto& s : servers_) urls.push_back(s->url());
    ClientOptions options = WithTestKey();
    options.transport_factory = AnyServer(std::move(urls), seed);
    return options;
  }

  // Registers the devices in process, on the same database (as `admin
  // add-device` would, without 50 process starts).
  void RegisterDevices() {
    absl::StatusOr<std::unique_ptr<server::Store>> store =
        server::OpenStore(url_, SystemClock::Get());
    ASSERT_TRUE(store.ok()) << store.status();
    const std::string names[] = {"Bilozerka", "Stanislav"};
    for (int i = 0; i < kDevices; ++i) {
      auto device = std::make_unique<FieldDevice>();
      device->name = absl::StrCat("device-", i);
      server::DeviceRequest request;
      request.name = device->name;
      request.communities = {names[i % 2]};
      absl::StatusOr<server::DeviceGrant> grant =
          server::AddDevice(**store, SystemClock::Get(), request);
      ASSERT_TRUE(grant.ok()) << grant.status();
      absl::StatusOr<v1::Record> community = server::FindCommunity(**store, names[i % 2]);
      ASSERT_TRUE(community.ok()) << community.status();
      device->community = IdToString(community->id());
      absl::StatusOr<std::unique_ptr<Client>> client =
          OpenClient(dir_.Path(device->name + ".db"), RandomServer(i));
      ASSERT_TRUE(client.ok()) << client.status();
      device->client = *std::move(client);
      codes_.push_back(grant->code);
      devices_.push_back(std::move(device));
    }
  }

  // Runs `fn(device, index)` on every device at once, one thread each.
  template <typename Fn>
  void OnEveryDevice(Fn fn) {
    std::vector<std::thread> threads;
    for (int i = 0; i < kDevices; ++i) threads.emplace_back([&, i] { fn(*devices_[i], i); });
    for (std::thread& t : threads) t.join();
  }

  TempDir dir_{"hromada-pg-servers"};
  std::string url_;
  std::vector<std::unique_ptr<ServerProcess>> servers_;
  std::vector<std::unique_ptr<FieldDevice>> devices_;
  std::vector<std::string> codes_;
};

TEST_F(PgServersTest, FiftyDevicesThroughThreeServersSeeEveryRecordAndConverge) {
  RegisterDevices();
  ASSERT_EQ(devices_.size(), static_cast<size_t>(kDevices));
  std::atomic<int> enrol_failures{0};
  OnEveryDevice([&](FieldDevice& d, int i) {
    if (!d.client->Enrol(servers_[0]->url(), codes_[i], d.name).ok()) ++enrol_failures;
  });
  ASSERT_EQ(enrol_failures.load(), 0);

  // Busy: each device writes new persons, now and then edits one it has
  // (so that several devices write the same records), and syncs.
  const absl::Time end = absl::Now() + kBusy;
  OnEveryDevice([&](FieldDevice& d, int i) {
    std::mt19937 rng(1000 + i);
    for (int n = 0; absl::Now() < end; ++n) {
      absl::StatusOr<std::string> id = d.client->Put(
          "person", "", d.community, {{"full_name", absl::StrCat(d.name, " person ", n)}});
      ASSERT_TRUE(id.ok()) << id.status();
      d.created.push_back(*id);
      absl::StatusOr<std::vector<RecordView>> have = d.client->List("person");
      ASSERT_TRUE(have.ok()) << have.status();
      if (!have->empty() && rng() % 3 == 0) {
        const RecordView& r = (*have)[rng() % have->size()];
        ASSERT_TRUE(
            d.client->Put("person", r.id, "", {{"phone", absl::StrCat("+38050", i, n)}}).ok());
      }
      if (!d.client->Sync().ok()) ++d.sync_failures;
      absl::SleepFor(absl::Milliseconds(rng() % 100));
    }
  });
  // Quiet: everyone sends what is left, then everyone pulls the rest.
  OnEveryDevice([&](FieldDevice& d, int) {
    for (int attempt = 0; attempt < 5 && d.client->GetStatus()->pending_changes > 0; ++attempt) {
      (void)d.client->Sync();
    }
    EXPECT_EQ(d.client->GetStatus()->pending_changes, 0u) << d.name;
  });
  OnEveryDevice([&](FieldDevice& d, int) { EXPECT_TRUE(d.client->Sync().ok()) << d.name; });

  std::map<std::string, std::set<std::string>> written;  // community -> ids
  int failures = 0;
  size_t total = 0;
  for (const auto& d : devices_) {
    written[d->community].insert(d->created.begin(), d->created.end());
    failures += d->sync_failures;
    total += d->created.size();
  }
  std::cout << total << " persons written by " << kDevices << " devices through " << kServers
            << " servers\n";
  EXPECT_EQ(failures, 0) << "syncs that failed while busy";
  EXPECT_GT(total, static_cast<size_t>(kDevices)) << "every device wrote more than once";
  std::map<std::string, std::string> states;  // community -> first device's dump
  for (const auto& d : devices_) {
    absl::StatusOr<std::vector<RecordView>> have = d->client->List("person");
    ASSERT_TRUE(have.ok()) << have.status();
    std::set<std::string> ids;
    std::string dump;
    for (const RecordView& r : *have) {
      ids.insert(r.id);
      absl::StrAppend(&dump, Dump(r), "\n");
    }
    EXPECT_EQ(ids, written[d->community]) << d->name << " misses or has extra records";
    auto [it, first] = states.emplace(d->community, dump);
    if (!first) {
      EXPECT_EQ(dump, it->second) << d->name << " did not converge";
    }
  }
}

// A database that cannot be reached is one plain sentence and a failure,
// for `serve` and for every `admin` command alike.
TEST(PgUrlTest, AnUnreachableDatabaseIsOneSentenceAndNonZeroExit) {
  TempDir dir("hromada-pg-url");
  const std::string url = absl::StrCat("postgresql://postgres@/hromada?host=", dir.path());
  const std::vector<std::vector<std::string>> commands = {
      {"serve", "--db", url, "--listen", "127.0.0.1:0"},
      {"admin", "list-devices", "--db", url},
      {"admin", "add-community", "--db", url, "--name-uk", "Білозерка", "--name-latin",
       "Bilozerka"},
      {"admin", "list-devices", "--db", "postgresql://postgres@no.such.host.invalid/hromada"},
  };
  for (const std::vector<std::string>& args : commands) {
    absl::StatusOr<ToolResult> r = RunToolWithResult(ServerBinary(), args);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->exit_code, 2) << args[1] << ": out of reach, try again later";
    EXPECT_NE(r->err.find("hromada-server: Cannot reach the PostgreSQL database"),
              std::string::npos)
        << r->err;
    EXPECT_EQ(std::count(r->err.begin(), r->err.end(), '\n'), 1) << r->err;
  }
}

}  // namespace
}  // namespace hromada::test
