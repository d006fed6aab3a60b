#include "tests/bench/scale.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/client_internal.h"
#include "hromada/client.h"
#include "server/store/sqlite_store.h"
#include "shared/hlc.h"
#include "shared/merge.h"
#include "shared/uuid.h"
#include "tests/support/server_process.h"

namespace hromada::bench {
namespace {

using nlohmann::json;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

[[noreturn]] void Die(const std::string& what, const absl::Status& status) {
  std::cerr << "hromada-bench scale: " << what << ": " << status << "\n";
  std::exit(1);
}

template <typename T>
T Must(absl::StatusOr<T> v, const std::string& what) {
  if (!v.ok()) Die(what, v.status());
  return *std::move(v);
}

// `hromada-server admin <args> --db <db> --json`, parsed.
json Admin(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), "admin");
  for (const char* a : {"--db", "--json"}) args.push_back(a);
  args.insert(args.end() - 1, db);
  return json::parse(Must(test::RunTool(test::ServerBinary(), args), args[1]));
}

// A new database with one community (and the seeded ones); its id, raw.
std::string NewDatabase(const std::string& db) {
  const json out = Admin(db, {"add-community", "--name-uk", "Ціль", "--name-latin", "Target"});
  return Must(Uuid::Parse(out["community_id"].get<std::string>()), "community id").bytes();
}

// The n-th record of a community, as a push by `writer` would store it.
v1::Record Row(const std::string& community, int64_t n, const std::string& writer) {
  v1::Record r;
  r.set_kind("person");
  r.set_id(Uuid::V4().bytes());
  r.set_community_id(community);
  r.set_hlc(HlcPack(1'800'000'000'000 + n, 0));
  for (const auto& [name, value] :
       {std::pair<const char*, std::string>{"full_name", absl::StrCat("Особа ", n)},
        {"phone", absl::StrCat("+38050", 1000000 + n % 9000000)},
        {"organisation", "Білозерська селищна рада"}}) {
    v1::Field* f = r.add_fields();
    f->set_name(name);
    f->mutable_value()->set_text(value);
  }
  StampChange(writer, &r);
  return r;
}

// Writes `per_community` records into each of `communities`, interleaved
// as devices pushing over time would: each community's rows are spread
// over the whole updated_seq range.
void Fill(const std::string& db, const std::vector<std::string>& communities,
          int64_t per_community) {
  std::unique_ptr<server::SqliteStore> store = Must(server::SqliteStore::Open(db), "open store");
  const std::string writer = Uuid::V4().bytes();
  constexpr int64_t kChunk = 20;  // rows of one community in a row
  const int64_t per_txn = std::max<int64_t>(kChunk, 20000 / communities.size());
  int64_t n = 0;
  for (int64_t done = 0; done < per_community;) {
    std::unique_ptr<server::WriteTxn> txn = Must(store->BeginWrite(), "begin");
    const int64_t upto = std::min(per_community, done + per_txn);
    for (int64_t start = done; start < upto; start += kChunk) {
      for (const std::string& c : communities) {
        for (int64_t i = start; i < std::min(upto, start + kChunk); ++i) {
          if (absl::Status s = txn->PutRecord(Row(c, n++, writer)); !s.ok()) Die("put", s);
        }
      }
    }
    if (absl::Status s = txn->Commit(); !s.ok()) Die("commit", s);
    done = upto;
  }
}

// Serves `db` and times a new device of `community`: its first sync (the
// whole share) and a second one with nothing new.
json TimeShare(const std::string& dir, const std::string& db, const std::string& community,
               const std::string& label) {
  test::ServerOptions options;
  options.db_path = db;
  options.args = {"--enrol-per-minute", "0"};
  std::unique_ptr<test::ServerProcess> server =
      Must(test::ServerProcess::Start(options), "start server");
  const json grant =
      Admin(db, {"add-device", "--name", label, "--communities", IdToString(community)});
  std::unique_ptr<Client> client =
      Must(Client::Open(absl::StrCat(dir, "/", label, ".profile"), WithTestKey()), "profile");
  if (absl::Status s = client->Enrol(server->url(), grant["code"], label); !s.ok()) {
    Die("enrol", s);
  }
  auto start = std::chrono::steady_clock::now();
  const SyncReport first = Must(client->Sync(), "first sync");
  const double first_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  const SyncReport again = Must(client->Sync(), "second sync");
  const double again_s = Seconds(start);
  if (absl::Status s = server->Stop(); !s.ok()) Die("stop server", s);
  return {{"pulled", first.pulled},
          {"first_sync_s", first_s},
          {"records_per_s", first.pulled / first_s},
          {"empty_sync_s", again_s},
          {"empty_sync_pulled", again.pulled}};
}

}  // namespace

json ScaleScenario(const std::string& dir, const ScaleOptions& options) {
  const int64_t per_community = options.records / options.communities;
  const std::string big = dir + "/scale_big.db";
  const std::string small = dir + "/scale_small.db";
  std::vector<std::string> communities = {NewDatabase(big)};
  for (int c = 1; c < options.communities; ++c) communities.push_back(Uuid::V4().bytes());
  auto start = std::chrono::steady_clock::now();
  Fill(big, communities, per_community);
  const double fill_s = Seconds(start);
  const std::string alone = NewDatabase(small);
  Fill(small, {alone}, per_community);
  json big_run = TimeShare(dir, big, communities[0], "scale-big");
  json small_run = TimeShare(dir, small, alone, "scale-small");
  const double ratio =
      big_run["first_sync_s"].get<double>() / small_run["first_sync_s"].get<double>();
  return {{"scenario", "scale"},
          {"records", per_community * options.communities},
          {"communities", options.communities},
          {"share_records", per_community},
          {"build_s", fill_s},
          {"large_db", big_run},
          {"share_only_db", small_run},
          {"first_sync_ratio", ratio},
          {"ratio_ok", ratio <= 2.0}};
}

}  // namespace hromada::bench
