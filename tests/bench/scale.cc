#include "tests/bench/scale.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/src/client_internal.h"
#include "hromada/client.h"
#include "server/store/pg_conn.h"
#include "server/store/pg_store.h"
#include "server/store/sqlite_store.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "tests/support/pg_cluster.h"
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

// Calls `put` with `per_community` records of each of `communities`,
// interleaved as devices pushing over time would leave them: each
// community's rows are spread over the whole updated_seq range.
void ForEachRow(const std::vector<std::string>& communities, int64_t per_community,
                const std::function<void(const v1::Record&)>& put) {
  const std::string writer = Uuid::V4().bytes();
  constexpr int64_t kChunk = 20;  // rows of one community in a row
  int64_t n = 0;
  for (int64_t start = 0; start < per_community; start += kChunk) {
    for (const std::string& c : communities) {
      for (int64_t i = start; i < std::min(per_community, start + kChunk); ++i) {
        put(Row(c, n++, writer));
      }
    }
  }
}

// The records into a SQLite database through its Store, 20,000 a
// transaction.
void FillSqlite(const std::string& db, const std::vector<std::string>& communities,
                int64_t per_community) {
  std::unique_ptr<server::SqliteStore> store = Must(server::SqliteStore::Open(db), "open store");
  std::unique_ptr<server::WriteTxn> txn;
  int64_t in_txn = 0;
  ForEachRow(communities, per_community, [&](const v1::Record& r) {
    if (txn == nullptr) txn = Must(store->BeginWrite(), "begin");
    if (absl::Status s = txn->PutRecord(r); !s.ok()) Die("put", s);
    if (++in_txn == 20000) {
      if (absl::Status s = txn->Commit(); !s.ok()) Die("commit", s);
      txn.reset();
      in_txn = 0;
    }
  });
  if (txn != nullptr) {
    if (absl::Status s = txn->Commit(); !s.ok()) Die("commit", s);
  }
}

// INSERT of `rows` records rows in one statement, six parameters each.
std::string InsertSql(int rows) {
  std::string sql =
      "INSERT INTO records(updated_seq, kind, id, community_id, sole_writer, state) VALUES ";
  for (int r = 0; r < rows; ++r) {
    const int p = r * 6;
    absl::StrAppend(&sql, r ? "," : "", "($", p + 1, ",$", p + 2, ",$", p + 3, ",$", p + 4, ",$",
                    p + 5, ",$", p + 6, ")");
  }
  return sql;
}

void MustRun(server::pg::Conn& conn, const std::string& sql,
             const server::pg::Params& params = server::pg::Params()) {
  if (absl::Status s = conn.Run(sql, params); !s.ok()) Die(sql.substr(0, 40), s);
}

// The records into a PostgreSQL database's tables as PgStore writes them
// (pg_store.cc), 1,000 rows a statement, all in one transaction holding
// the seq_counter lock, which moves with them; then VACUUM ANALYZE, as
// autovacuum would after such a load (without it, whichever database is
// read first after its load also pays for setting the rows' hint bits).
void FillPostgres(const std::string& url, const std::vector<std::string>& communities,
                  int64_t per_community) {
  std::unique_ptr<server::pg::Conn> conn = Must(server::pg::Conn::Connect(url), "connect");
  MustRun(*conn, "BEGIN");
  int64_t seq = Must(conn->Exec("SELECT last_seq FROM seq_counter FOR UPDATE"), "lock").Int(0, 0);
  constexpr int kRows = 1000;
  const std::string full = InsertSql(kRows);
  server::pg::Params params;
  int rows = 0;
  auto flush = [&] {
    if (rows == 0) return;
    MustRun(*conn, rows == kRows ? full : InsertSql(rows), params);
    params = server::pg::Params();
    rows = 0;
  };
  ForEachRow(communities, per_community, [&](const v1::Record& r) {
    params.Int(++seq)
        .Text(r.kind())
        .Bytes(r.id())
        .Bytes(r.community_id())
        .Bytes(server::SoleWriter(r))
        .Bytes(r.SerializeAsString());
    if (++rows == kRows) flush();
  });
  flush();
  MustRun(*conn, "UPDATE seq_counter SET last_seq=$1", server::pg::Params().Int(seq));
  MustRun(*conn, "COMMIT");
  MustRun(*conn, "VACUUM ANALYZE records");
}

void Fill(const std::string& db, const std::vector<std::string>& communities,
          int64_t per_community) {
  if (server::IsPostgresUrl(db)) {
    FillPostgres(db, communities, per_community);
  } else {
    FillSqlite(db, communities, per_community);
  }
}

std::unique_ptr<test::ServerProcess> Serve(const std::string& dir, const std::string& db) {
  test::ServerOptions options;
  options.db_path = db;
  options.work_dir = dir;
  options.args = {"--enrol-per-minute", "0"};
  return Must(test::ServerProcess::Start(options), "start server");
}

// Times a new device of `community` on `server`: its first sync (the
// whole share) and a second one with nothing new.
json TimeShare(const std::string& dir, const test::ServerProcess& server,
               const std::string& community, const std::string& label) {
  const json grant = Admin(server.db_path(),
                           {"add-device", "--name", label, "--communities", IdToString(community)});
  std::unique_ptr<Client> client =
      Must(OpenClient(absl::StrCat(dir, "/", label, ".profile"), WithTestKey()), "profile");
  if (absl::Status s = client->Enrol(server.url(), grant["code"], label); !s.ok()) {
    Die("enrol", s);
  }
  auto start = std::chrono::steady_clock::now();
  const SyncReport first = Must(client->Sync(), "first sync");
  const double first_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  const SyncReport again = Must(client->Sync(), "second sync");
  const double again_s = Seconds(start);
  return {{"pulled", first.pulled},
          {"first_sync_s", first_s},
          {"records_per_s", first.pulled / first_s},
          {"empty_sync_s", again_s},
          {"empty_sync_pulled", again.pulled}};
}

// The run with the median first sync, with every run's time beside it.
json Median(std::vector<json> runs) {
  std::vector<double> all;
  for (const json& r : runs) all.push_back(r["first_sync_s"].get<double>());
  std::sort(runs.begin(), runs.end(), [](const json& a, const json& b) {
    return a["first_sync_s"].get<double>() < b["first_sync_s"].get<double>();
  });
  json out = runs[runs.size() / 2];
  out["first_sync_s_runs"] = all;
  return out;
}

}  // namespace

json ScaleScenario(const std::string& dir, const ScaleOptions& options) {
  const int64_t per_community = options.records / options.communities;
  std::string big = dir + "/scale_big.db";
  std::string small = dir + "/scale_small.db";
  std::unique_ptr<test::PgCluster> cluster;
  if (options.postgres) {
    test::PgClusterOptions pg;
    pg.durable = true;  // the server's commits cost what they cost in service
    cluster = Must(test::PgCluster::Start(pg), "start PostgreSQL");
    big = Must(cluster->NewDatabase(), "create database");
    small = Must(cluster->NewDatabase(), "create database");
  }
  std::vector<std::string> communities = {NewDatabase(big)};
  for (int c = 1; c < options.communities; ++c) communities.push_back(Uuid::V4().bytes());
  auto start = std::chrono::steady_clock::now();
  Fill(big, communities, per_community);
  const double fill_s = Seconds(start);
  const std::string alone = NewDatabase(small);
  Fill(small, {alone}, per_community);
  // New devices on each database in turn, so that both see the same load
  // on a shared machine; the median of each is compared.
  std::unique_ptr<test::ServerProcess> big_server = Serve(dir, big);
  std::unique_ptr<test::ServerProcess> small_server = Serve(dir, small);
  std::vector<json> big_runs, small_runs;
  for (int r = 0; r < options.rounds; ++r) {
    big_runs.push_back(TimeShare(dir, *big_server, communities[0], absl::StrCat("big", r)));
    small_runs.push_back(TimeShare(dir, *small_server, alone, absl::StrCat("small", r)));
  }
  for (test::ServerProcess* server : {big_server.get(), small_server.get()}) {
    if (absl::Status s = server->Stop(); !s.ok()) Die("stop server", s);
  }
  json big_run = Median(big_runs);
  json small_run = Median(small_runs);
  const double ratio =
      big_run["first_sync_s"].get<double>() / small_run["first_sync_s"].get<double>();
  return {{"scenario", "scale"},
          {"backend", options.postgres ? "postgres" : "sqlite"},
          {"records", per_community * options.communities},
          {"communities", options.communities},
          {"share_records", per_community},
          {"rounds", options.rounds},
          {"build_s", fill_s},
          {"large_db", big_run},
          {"share_only_db", small_run},
          {"first_sync_ratio", ratio},
          {"ratio_ok", ratio <= 2.0}};
}

}  // namespace hromada::bench
