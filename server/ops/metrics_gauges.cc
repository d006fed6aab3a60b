#include "server/ops/metrics_gauges.h"

#include <array>
#include <map>

#include "absl/strings/str_cat.h"
#include "server/admin/admin.h"
#include "server/ops/metrics.h"
#include "shared/base/version.h"

namespace hromada::server {
namespace {

struct Window {
  const char* name;
  int64_t ms;
};
constexpr std::array<Window, 3> kWindows = {
    {{"1h", 3600 * 1000LL}, {"1d", 24 * 3600 * 1000LL}, {"7d", 7 * 24 * 3600 * 1000LL}}};

void AppendDevices(Store& store, const Clock& clock, std::string& out) {
  absl::StatusOr<std::vector<Device>> devices = store.ReadDevices(DeviceKey::All());
  AppendMetricHeader(out, "hromada_scrape_error", "gauge",
                     "1 when this scrape could not read the devices from the database.");
  absl::StrAppend(&out, "hromada_scrape_error ", devices.ok() ? 0 : 1, "\n");
  if (!devices.ok()) return;
  std::map<std::string, int> by_state;
  std::array<int, kWindows.size()> seen{};
  const int64_t now = clock.NowMillis();
  for (const Device& d : *devices) {
    ++by_state[DeviceStateName(d)];
    for (size_t w = 0; w < kWindows.size(); ++w) {
      if (d.last_seen_ms > 0 && now - d.last_seen_ms <= kWindows[w].ms) ++seen[w];
    }
  }
  AppendMetricHeader(out, "hromada_devices", "gauge", "Registered devices, by state.");
  for (const auto& [state, n] : by_state) {
    absl::StrAppend(&out, "hromada_devices{state=\"", state, "\"} ", n, "\n");
  }
  AppendMetricHeader(out, "hromada_devices_seen", "gauge",
                     "Devices that called the server within the window.");
  for (size_t w = 0; w < kWindows.size(); ++w) {
    absl::StrAppend(&out, "hromada_devices_seen{within=\"", kWindows[w].name, "\"} ", seen[w],
                    "\n");
  }
}

}  // namespace

void AppendGauges(Store& store, const Clock& clock, std::string& out) {
  AppendDevices(store, clock, out);
  // A database that cannot be read now reports what it can: no size.
  absl::StatusOr<StoreStats> stats = store.Stats();
  AppendMetricHeader(out, "hromada_database_bytes", "gauge",
                     "Size of the database on disk (SQLite: with the WAL; PostgreSQL: "
                     "pg_database_size).");
  absl::StrAppend(&out, "hromada_database_bytes ", stats.ok() ? stats->bytes : 0, "\n");
  AppendMetricHeader(out, "hromada_db_commits_total", "counter", "Transactions committed.");
  absl::StrAppend(&out, "hromada_db_commits_total ", stats.ok() ? stats->commits : 0, "\n");
  AppendMetricHeader(out, "hromada_db_commit_seconds_total", "counter",
                     "Time spent committing (writing and syncing the journal).");
  absl::StrAppend(&out, "hromada_db_commit_seconds_total ",
                  stats.ok() ? static_cast<double>(stats->commit_nanos) / 1e9 : 0.0, "\n");
  AppendMetricHeader(out, "hromada_build_info", "gauge", "The running build; always 1.");
  absl::StrAppend(&out, "hromada_build_info{version=\"", ProjectVersion(), "\"} 1\n");
}

}  // namespace hromada::server
