#include "tests/bench/small_sync.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/client_internal.h"
#include "hromada/client.h"
#include "tests/support/run_tool.h"
#include "tests/support/server_process.h"
#include "tests/support/tcp_proxy.h"

namespace hromada::bench {
namespace {

using nlohmann::json;

// A certificate for 127.0.0.1 made by the openssl tool; its PEM text.
absl::StatusOr<std::string> MakeCertificate(const std::string& dir) {
  const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
  absl::StatusOr<std::string> made = test::RunTool(
      "/usr/bin/openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj",
                           "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  if (!made.ok()) return made.status();
  std::ifstream pem(cert);
  std::stringstream text;
  text << pem.rdbuf();
  return text.str();
}

class Link {
 public:
  absl::Status Start(const SmallSyncOptions& o) {
    test::ServerOptions server;
    server.db_path = o.dir + "/small.db";
    server.work_dir = o.dir;
    if (o.tls) {
      absl::StatusOr<std::string> pem = MakeCertificate(o.dir);
      if (!pem.ok()) return pem.status();
      tls_.ca_pem = *pem;
      server.args = {"--tls-cert", o.dir + "/cert.pem", "--tls-key", o.dir + "/key.pem"};
    }
    absl::StatusOr<std::unique_ptr<test::ServerProcess>> s = test::ServerProcess::Start(server);
    if (!s.ok()) return s.status();
    server_ = *std::move(s);
    absl::StatusOr<std::unique_ptr<test::TcpProxy>> p = test::TcpProxy::Start(server_->port());
    if (!p.ok()) return p.status();
    proxy_ = *std::move(p);
    url_ = absl::StrCat(o.tls ? "https://" : "http://", proxy_->address());
    absl::StatusOr<std::string> community = server_->Admin(
        "add-community", {"--name-uk", "Білозерка", "--name-latin", "Bilozerka", "--json"});
    if (!community.ok()) return community.status();
    community_ = json::parse(*community)["community_id"];
    return absl::OkStatus();
  }

  // An enrolled profile, enrolled and synced once without the latency.
  absl::StatusOr<std::unique_ptr<Client>> Device(const std::string& dir, const std::string& name) {
    absl::StatusOr<std::string> added =
        server_->Admin("add-device", {"--name", name, "--communities", community_, "--json"});
    if (!added.ok()) return added.status();
    absl::StatusOr<std::unique_ptr<Client>> client =
        OpenClient(absl::StrCat(dir, "/", name, ".db"), WithTestKey());
    if (!client.ok()) return client.status();
    if (absl::Status s = (*client)->Enrol(url_, json::parse(*added)["code"], name, tls_); !s.ok()) {
      return s;
    }
    if (absl::StatusOr<SyncReport> r = (*client)->Sync(); !r.ok()) return r.status();
    return client;
  }

  void Shape(absl::Duration rtt) {
    proxy_->SetDelay(rtt / 2);
    proxy_->SetConnectDelay(rtt);
  }
  const std::string& community() const { return community_; }

 private:
  std::unique_ptr<test::ServerProcess> server_;
  std::unique_ptr<test::TcpProxy> proxy_;
  std::string url_;
  std::string community_;
  TlsSettings tls_;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

absl::StatusOr<double> TimedSync(Client& client) {
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<SyncReport> report = client.Sync();
  if (!report.ok()) return report.status();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

absl::StatusOr<json> SmallSync(SmallSyncOptions o) {
  o.dir = absl::StrCat(o.dir, "/small-", o.tls ? "tls" : "h2c");
  if (mkdir(o.dir.c_str(), 0700) != 0) return absl::InternalError("cannot make " + o.dir);
  Link link;
  if (absl::Status s = link.Start(o); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<Client>> a = link.Device(o.dir, "small-a");
  if (!a.ok()) return a.status();
  absl::StatusOr<std::unique_ptr<Client>> b = link.Device(o.dir, "small-b");
  if (!b.ok()) return b.status();
  link.Shape(o.rtt);
  std::vector<double> empty, one_each_way;
  for (int round = 0; round < o.rounds; ++round) {
    absl::StatusOr<double> idle = TimedSync(**a);
    if (!idle.ok()) return idle.status();
    empty.push_back(*idle);
    // b's record reaches a while a's goes up: one record each way.
    for (Client* c : {a->get(), b->get()}) {
      Fields fields = {{"full_name", absl::StrCat("Олена Коваль ", round)}};
      if (auto put = c->Put("person", "", link.community(), fields); !put.ok()) {
        return put.status();
      }
    }
    if (absl::StatusOr<double> t = TimedSync(**b); !t.ok()) return t.status();
    absl::StatusOr<double> t = TimedSync(**a);
    if (!t.ok()) return t.status();
    one_each_way.push_back(*t);
  }
  const double rtt = absl::ToDoubleSeconds(o.rtt);
  const double e = Median(empty), w = Median(one_each_way);
  return json{{"scenario", "small_sync"},
              {"transport", o.tls ? "tls" : "h2c"},
              {"rtt_ms", absl::ToInt64Milliseconds(o.rtt)},
              {"empty_s", e},
              {"empty_round_trips", e / rtt},
              {"one_each_way_s", w},
              {"one_each_way_round_trips", w / rtt}};
}

}  // namespace hromada::bench
