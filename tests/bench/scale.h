// hromada-bench's `scale` scenario (docs/performance.md, "Cost grows with
// the work"): a device holding 1% of a large database pulls its share, and
// the same share is pulled from a database holding only it. The two times
// should be close: a pull reads its communities' rows through an index,
// and the handshake estimates what is pending without counting rows.
#ifndef HROMADA_TESTS_BENCH_SCALE_H_
#define HROMADA_TESTS_BENCH_SCALE_H_

#include <nlohmann/json.hpp>
#include <string>

namespace hromada::bench {

struct ScaleOptions {
  int64_t records = 1'000'000;  // in the large database
  int communities = 100;        // the device holds one of them
  // Where both databases live: SQLite files under the work folder, or
  // two databases of one private PostgreSQL cluster (pg_cluster.h).
  bool postgres = false;
  // New devices timed on each database, in turn; the medians are compared.
  int rounds = 3;
};

// Builds both databases (straight into the store's tables, not through
// pushes: SQLite through its Store, PostgreSQL with multi-row INSERTs in
// one transaction), serves each with the real hromada-server and times, in
// turn on each, a new device's first sync and a second, empty one. Files go under `dir`.
// Exits the process on error.
nlohmann::json ScaleScenario(const std::string& dir, const ScaleOptions& options);

}  // namespace hromada::bench

#endif  // HROMADA_TESTS_BENCH_SCALE_H_
