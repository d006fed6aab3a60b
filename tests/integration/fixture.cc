#include "tests/integration/fixture.h"

#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "client/src/transport/curl_transport.h"
#include "tests/support/pg_cluster.h"

namespace hromada::test {

using nlohmann::json;

void SyncFixture::SetUp() {
  // The `hromada` binaries these tests run unlock their profiles with it.
  ::setenv("HROMADA_PASSPHRASE", kCliPassphrase, 1);
  ServerOptions options;
  options.db_path = dir_.Path("server.db");
  options.work_dir = dir_.path();
  if (TestsUsePostgres()) {
    absl::StatusOr<PgCluster*> cluster = SharedPgCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    absl::StatusOr<std::string> url = (*cluster)->NewDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    options.db_path = *url;
  }
  options.args = ServerArgs();
  absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  bilozerka_ = AddCommunity("Bilozerka", "Білозерка");
  stanislav_ = AddCommunity("Stanislav", "Станіслав");
}

std::string SyncFixture::AddCommunity(const std::string& latin, const std::string& uk) {
  absl::StatusOr<std::string> out =
      server_->Admin("add-community", {"--name-uk", uk, "--name-latin", latin, "--json"});
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? json::parse(*out)["community_id"].get<std::string>() : "";
}

std::string SyncFixture::NewCode(const std::string& name, const std::string& communities,
                                 const std::string& role) {
  absl::StatusOr<std::string> out = server_->Admin(
      "add-device", {"--name", name, "--communities", communities, "--role", role, "--json"});
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? json::parse(*out)["code"].get<std::string>() : "";
}

std::unique_ptr<Client> SyncFixture::NewDevice(const std::string& name,
                                               const std::string& communities,
                                               const std::string& role, ClientOptions options) {
  const std::string code = NewCode(name, communities, role);
  absl::StatusOr<std::unique_ptr<Client>> client =
      OpenClient(dir_.Path(name + ".db"), std::move(options));
  EXPECT_TRUE(client.ok()) << client.status();
  if (!client.ok()) return nullptr;
  absl::Status s = (*client)->Enrol(server_->url(), code, name);
  EXPECT_TRUE(s.ok()) << s;
  return *std::move(client);
}

ClientOptions SyncFixture::FaultyOptions(FaultyTransport** faulty) {
  auto curl = CurlTransport::Create(server_->url());
  EXPECT_TRUE(curl.ok()) << curl.status();
  transports_.push_back(*std::move(curl));
  auto wrapper = std::make_unique<FaultyTransport>(transports_.back().get());
  *faulty = wrapper.get();
  transports_.push_back(std::move(wrapper));
  ClientOptions options = WithTestKey();
  Transport* borrowed = *faulty;
  // The client owns what the factory returns: hand it a thin forwarder.
  struct Forward final : Transport {
    explicit Forward(Transport* t) : t(t) {}
    absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view request,
                                     const CallOptions& options, CallBytes* bytes) override {
      return t->Call(method, request, options, bytes);
    }
    Transport* t;
  };
  options.transport_factory = [borrowed](const std::string&) {
    return absl::StatusOr<std::unique_ptr<Transport>>(std::make_unique<Forward>(borrowed));
  };
  options.retry_policy = QuickRetry(3);
  return options;
}

std::shared_ptr<RetryPolicy> SyncFixture::QuickRetry(int attempts) {
  auto policy = std::make_shared<RetryPolicy>();
  policy->initial_backoff = absl::Milliseconds(10);
  policy->max_backoff = absl::Milliseconds(50);
  policy->max_attempts = attempts;
  return policy;
}

uint64_t SyncFixture::ServerAckedThrough(const std::string& device_name) {
  absl::StatusOr<std::string> out = server_->Admin("list-devices", {"--json"});
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok()) return 0;
  for (const json& d : json::parse(*out)) {
    if (d["name"] == device_name) return d["acked_through"].get<uint64_t>();
  }
  ADD_FAILURE() << "no device " << device_name;
  return 0;
}

std::string Dump(const RecordView& record) {
  std::string out = absl::StrCat(record.kind, "/", record.id, ":");
  for (const auto& [name, value] : record.fields)
    absl::StrAppend(&out, name, "=", ValueToText(value), ";");
  return out;
}

}  // namespace hromada::test
