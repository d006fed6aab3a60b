// hromada-report-bench: a coordinator report over a big network, timed on
// the server's store and on a coordinator device that pulled everything
// through a real sync (docs/performance.md, "Reports"). Prints one JSON
// line per step. Default: 1,000,000 attendances for the whole network;
// target under one second on each side.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "client/src/client_internal.h"
#include "hromada/client.h"
#include "server/admin/admin.h"
#include "server/admin/seed.h"
#include "server/store/sqlite_store.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"
#include "shared/report/render.h"
#include "shared/sync/merge.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/record_builders.h"

namespace hromada::bench {
namespace {

using json = nlohmann::json;
using Clock_ = std::chrono::steady_clock;

double Seconds(Clock_::time_point since) {
  return std::chrono::duration<double>(Clock_::now() - since).count();
}

[[noreturn]] void Die(const std::string& what, const absl::Status& s) {
  std::cerr << "hromada-report-bench: " << what << ": " << s << "\n";
  std::exit(2);
}

template <typename T>
T Must(absl::StatusOr<T> v, const std::string& what) {
  if (!v.ok()) Die(what, v.status());
  return *std::move(v);
}

void Must(const absl::Status& s, const std::string& what) {
  if (!s.ok()) Die(what, s);
}

struct Scale {
  int64_t attendances = 1000000;
  int persons = 20000;
  int meetings_per_community = 900;
};

// Writes records straight into the server's store, as pushes would leave
// them: stamped by one device, canonical, in big transactions.
class Writer {
 public:
  explicit Writer(server::Store* store) : store_(store), device_(Uuid::V4().bytes()) {}

  void Put(const std::string& kind, const std::string& id, const std::string& community,
           test::FieldList fields) {
    v1::Record r = test::RecordOf(
        kind, id, community, static_cast<uint64_t>(1767225600000 + ++n_) << 16, std::move(fields));
    StampChange(device_, &r);
    if (!txn_) txn_ = Must(store_->BeginWrite(), "begin");
    Must(txn_->InsertRecord(r), "insert");
    if (n_ % 50000 == 0) Flush();
  }
  void Flush() {
    if (txn_) Must(txn_->Commit(), "commit");
    txn_.reset();
  }

 private:
  server::Store* store_;
  std::string device_;
  std::unique_ptr<server::WriteTxn> txn_;
  int64_t n_ = 0;
};

using test::Int;
using test::RefTo;
using test::Text;

// Persons spread over the communities, 1% registered twice and merged;
// meetings every few days; attendances drawn from the community's persons.
void Generate(server::Store* store, const std::vector<std::string>& communities, const Scale& s) {
  Writer w(store);
  const size_t nc = communities.size();
  std::vector<std::vector<std::string>> persons(nc);
  for (int p = 0; p < s.persons; ++p) {
    const size_t c = p % nc;
    const std::string id = Uuid::V7(1767225600000 + p).bytes();
    persons[c].push_back(id);
    w.Put("person", id, communities[c],
          {{"full_name", Text(absl::StrCat("Особа ", p))},
           {"gender", Text(p % 3 ? "female" : "male")},
           {"organisation_kind", Text(p % 5 ? "resident" : "police")}});
    if (p % 100 == 0) {
      const std::string twin = Uuid::V4().bytes();
      w.Put("person", twin, communities[c], {{"full_name", Text(absl::StrCat("Osoba ", p))}});
      w.Put("person_merge", Uuid::V4().bytes(), communities[c],
            {{"person", RefTo(twin)}, {"same_as", RefTo(id)}});
    }
  }
  const int64_t meetings = static_cast<int64_t>(s.meetings_per_community) * nc;
  const int64_t per_meeting = s.attendances / meetings;
  int64_t written = 0;
  for (int64_t m = 0; m < meetings; ++m) {
    const size_t c = m % nc;
    const std::string id = Uuid::V4().bytes();
    const absl::CivilDay day = absl::CivilDay(2024, 1, 1) + m / static_cast<int64_t>(nc);
    w.Put("meeting", id, communities[c],
          {{"date", Text(absl::FormatCivilTime(day))}, {"number", Int(m / nc + 1)}});
    const int64_t n = m + 1 == meetings ? s.attendances - written : per_meeting;
    const std::vector<std::string>& pool = persons[c];
    for (int64_t a = 0; a < n; ++a) {
      const std::string& person = pool[(m * 7919 + a) % pool.size()];
      const std::string att = Must(AttendanceId(IdToString(id), IdToString(person)), "id");
      w.Put("attendance", Uuid::Parse(att)->bytes(), communities[c],
            {{"meeting", RefTo(id)}, {"person", RefTo(person)}, {"role", Text("participant")}});
    }
    written += n;
  }
  w.Flush();
}

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct Timing {
  double seconds = 0;      // wall, median of three
  double cpu_seconds = 0;  // this process's CPU, median of three: steadier on a busy machine
};

template <typename Fn>
Timing Median3(Fn&& fn) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < 3; ++i) {
    const auto start = Clock_::now();
    const double cpu_start = CpuSeconds();
    fn();
    wall.push_back(Seconds(start));
    cpu.push_back(CpuSeconds() - cpu_start);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[1], cpu[1]};
}

int Main(int argc, char** argv) {
  CLI::App app{"hromada-report-bench: report time on the server and on a device"};
  Scale scale;
  bool check = false, server_only = false;
  std::string keep_db;
  app.add_option("--db", keep_db, "generate into this file once, reuse it after (profiling)");
  app.add_flag("--server-only", server_only, "time the server's store only (profiling)");
  app.add_option("--attendances", scale.attendances)->capture_default_str();
  app.add_option("--persons", scale.persons)->capture_default_str();
  app.add_option("--meetings-per-community", scale.meetings_per_community)->capture_default_str();
  app.add_flag("--check-targets", check, "exit 1 if a report takes a second or more");
  CLI11_PARSE(app, argc, argv);

  test::TempDir dir("hromada-report-bench");
  const std::string db = keep_db.empty() ? dir.Path("server.db") : keep_db;
  const bool reuse = !keep_db.empty() && std::ifstream(keep_db).good();
  const ReportQuery query{"", "", "2026-06-30", ""};
  Report server_report;
  Timing server_s;
  std::string code;
  {
    auto store = Must(server::SqliteStore::Open(db), "open");
    Must(server::SeedCommunities(*store, SystemClock::Get()), "seed");
    std::vector<std::string> communities;
    for (const v1::Record& c : Must(server::ListRecords(*store, "community"), "list")) {
      communities.push_back(c.id());
    }
    auto start = Clock_::now();
    if (!reuse) Generate(store.get(), communities, scale);
    std::cout << json{{"scenario", "generate"}, {"seconds", Seconds(start)}}.dump() << std::endl;
    server_s = Median3([&] {
      server_report = Must(
          RunReport(query,
                    [&](const RecordStateFn& fn) { return store->ScanStates(ReportKinds(), fn); }),
          "server report");
    });
    server::DeviceRequest req{"coordinator", v1::ROLE_COORDINATOR, {}, 3600000};
    for (const std::string& c : communities) req.communities.push_back(IdToString(c));
    code = Must(server::AddDevice(*store, SystemClock::Get(), req), "add device").code;
  }
  std::cout << json{{"scenario", "report_server_store"},
                    {"attendances", server_report.attendances},
                    {"individuals", server_report.individuals},
                    {"seconds", server_s.seconds},
                    {"cpu_seconds", server_s.cpu_seconds}}
                   .dump()
            << std::endl;
  if (server_only) return 0;

  test::ServerOptions options;
  options.db_path = db;
  auto server = Must(test::ServerProcess::Start(options), "start server");
  auto client = Must(OpenClient(dir.Path("coordinator.db"), WithTestKey()), "open profile");
  Must(client->Enrol(server->url(), code, "coordinator"), "enrol");
  auto start = Clock_::now();
  SyncReport synced = Must(client->Sync(), "sync");
  std::cout << json{{"scenario", "coordinator_pull"},
                    {"records", synced.pulled},
                    {"seconds", Seconds(start)}}
                   .dump()
            << std::endl;
  Report device_report;
  const Timing device_s =
      Median3([&] { device_report = Must(BuildReport(*client, query), "device report"); });
  const bool same = RenderJson(server_report) == RenderJson(device_report);
  std::cout << json{{"scenario", "report_device_store"},
                    {"attendances", device_report.attendances},
                    {"individuals", device_report.individuals},
                    {"seconds", device_s.seconds},
                    {"cpu_seconds", device_s.cpu_seconds},
                    {"same_as_server", same}}
                   .dump()
            << std::endl;
  const bool fast = server_s.seconds < 1.0 && device_s.seconds < 1.0;
  std::cout << json{{"scenario", "report_targets"},
                    {"result",
                     {{"server_under_1s", server_s.seconds < 1.0},
                      {"device_under_1s", device_s.seconds < 1.0},
                      {"same_numbers", same}}}}
                   .dump()
            << std::endl;
  if (!same || server_report.attendances != scale.attendances) return 1;
  return check && !fast ? 1 : 0;
}

}  // namespace
}  // namespace hromada::bench

int main(int argc, char** argv) { return hromada::bench::Main(argc, argv); }
