// A private PostgreSQL 15 cluster for a test: made with initdb in a new
// folder under /tmp, served by pg_ctl on a Unix socket in that folder (and
// 127.0.0.1 on a free port), stopped and removed afterwards. PostgreSQL
// refuses to run as root, so as root every PostgreSQL program runs as the
// `postgres` user (runuser) and the folder belongs to it.
//
// A cluster also dies with the test process: a watchdog child stops it and
// removes its folder when this process ends, however it ends (a crashed or
// timed-out test leaves no postgres running). With HROMADA_KEEP_TMP set
// the folder is kept.
//
// Thread-safe after Start().
#ifndef HROMADA_TESTS_SUPPORT_PG_CLUSTER_H_
#define HROMADA_TESTS_SUPPORT_PG_CLUSTER_H_

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {
namespace test {

struct PgClusterOptions {
  // Tests run with fsync off (a test cluster need not survive a power cut,
  // and the machine is shared); a benchmark whose commits should cost
  // what they cost in service turns it on.
  bool durable = false;
};

class PgCluster {
 public:
  // Makes and starts a cluster. FAILED_PRECONDITION, saying what to
  // install, if the PostgreSQL 15 binaries are missing; INTERNAL with the
  // tool's output if initdb or pg_ctl fails.
  static absl::StatusOr<std::unique_ptr<PgCluster>> Start(PgClusterOptions options = {});
  // Stops the cluster and removes its folder.
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // Creates a new, empty database and returns its postgresql:// URL.
  absl::StatusOr<std::string> NewDatabase();
  // The URL of database `name`: user postgres, host the socket folder.
  std::string Url(absl::string_view name) const;
  // Runs PostgreSQL 15's `tool` (pg_dump, pg_restore, psql, …) with `args`,
  // as the postgres user when root (files it writes belong in dir()), for
  // at most 60 s. Its stdout, or INTERNAL with its output if it fails.
  static absl::StatusOr<std::string> RunPgTool(const std::string& tool,
                                               std::vector<std::string> args);
  const std::string& dir() const { return dir_; }
  int port() const { return port_; }

 private:
  PgCluster(std::string dir, int port) : dir_(std::move(dir)), port_(port) {}
  absl::Status StartWatchdog();

  std::string dir_;  // the socket folder; the data folder is dir_/data
  int port_;
  int watchdog_fd_ = -1;  // closing it (or dying) tells the watchdog to stop
  pid_t watchdog_ = -1;
  std::atomic<int> databases_{0};
};

// True if $HROMADA_TEST_DB is "postgres": the tests that can run on either
// backend (tests/integration/fixture.h) then use PostgreSQL. ctest runs
// them both ways (the `pg` label).
bool TestsUsePostgres();

// One cluster for the whole test binary, started on first use and stopped
// when the process ends (by the watchdog). Fails the same way as Start().
absl::StatusOr<PgCluster*> SharedPgCluster();

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_PG_CLUSTER_H_
