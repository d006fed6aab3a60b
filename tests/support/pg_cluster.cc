#include "tests/support/pg_cluster.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "tests/support/loopback.h"
#include "tests/support/run_tool.h"

namespace hromada {
namespace test {
namespace {

constexpr char kPgBin[] = "/usr/lib/postgresql/15/bin";
constexpr char kRunuser[] = "/usr/sbin/runuser";

// `tool` of PostgreSQL 15 with `args`, as the postgres user when root.
std::vector<std::string> PgCommand(const std::string& tool, std::vector<std::string> args) {
  std::vector<std::string> argv;
  if (geteuid() == 0) argv = {kRunuser, "-u", "postgres", "--"};
  argv.push_back(absl::StrCat(kPgBin, "/", tool));
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

absl::StatusOr<std::string> RunPg(const std::string& tool, std::vector<std::string> args) {
  std::vector<std::string> argv = PgCommand(tool, std::move(args));
  const std::string binary = argv.front();
  argv.erase(argv.begin());
  ToolOptions options;
  options.timeout = absl::Seconds(60);
  return RunTool(binary, argv, options);
}

std::string Quoted(const std::string& s) { return absl::StrCat("'", s, "'"); }

absl::Status GiveToPostgres(const std::string& dir) {
  if (geteuid() != 0) return absl::OkStatus();
  const passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    return absl::FailedPreconditionError(
        "there is no postgres user: install postgresql-15 (scripts/setup.sh)");
  }
  if (chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return absl::InternalError(absl::StrCat("cannot give ", dir, " to the postgres user"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<PgCluster>> PgCluster::Start(PgClusterOptions pg_options) {
  if (access(absl::StrCat(kPgBin, "/initdb").c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "PostgreSQL 15 is not installed (no ", kPgBin,
        "/initdb): the PostgreSQL tests need it; install postgresql-15 (scripts/setup.sh)"));
  }
  // Under /tmp, not $TEST_TMPDIR: the postgres user must reach it, and a
  // socket path may not be longer than 107 bytes.
  char pattern[] = "/tmp/hromada-pg-XXXXXX";
  if (mkdtemp(pattern) == nullptr) return absl::InternalError("cannot make a folder in /tmp");
  std::unique_ptr<PgCluster> cluster(new PgCluster(pattern, 0));
  if (absl::Status s = GiveToPostgres(cluster->dir_); !s.ok()) return s;
  if (absl::Status s = cluster->StartWatchdog(); !s.ok()) return s;
  const std::string data = cluster->dir_ + "/data";
  absl::StatusOr<std::string> init = RunPg("initdb", {"-D", data, "-U", "postgres", "--auth=trust",
                                                      "-E", "UTF8", "--no-locale", "--no-sync"});
  if (!init.ok()) return init.status();
  // A free port may be taken before postgres binds it: try a few.
  absl::Status started;
  for (int attempt = 0; attempt < 3; ++attempt) {
    cluster->port_ = FreeLoopbackPort();
    // max_connections: three servers' pools and tests.
    const std::string options =
        absl::StrCat("-p ", cluster->port_, " -k ", cluster->dir_,
                     " -c listen_addresses=127.0.0.1 -c fsync=", pg_options.durable ? "on" : "off",
                     " -c max_connections=300");
    absl::StatusOr<std::string> ctl =
        RunPg("pg_ctl", {"-D", data, "-o", options, "-l", cluster->dir_ + "/log", "-w", "start"});
    started = ctl.status();
    if (started.ok()) return cluster;
  }
  return started;
}

absl::Status PgCluster::StartWatchdog() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  // Everything the child needs is made before fork(): after it, only
  // async-signal-safe calls.
  const std::string script = absl::StrCat(
      "cd /; ",
      [&] {
        std::string cmd;
        for (const std::string& a :
             PgCommand("pg_ctl", {"-D", dir_ + "/data", "-m", "fast", "-w", "stop"})) {
          absl::StrAppend(&cmd, Quoted(a), " ");
        }
        return cmd;
      }(),
      ">/dev/null 2>&1; ", std::getenv("HROMADA_KEEP_TMP") != nullptr ? ": " : "rm -rf ",
      Quoted(dir_));
  const char* argv[] = {"/bin/sh", "-c", script.c_str(), nullptr};
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    setsid();  // outlives a kill of the test's process group
    close(fds[1]);
    char byte;
    while (read(fds[0], &byte, 1) != 0) {
    }
    execv(argv[0], const_cast<char* const*>(argv));
    _exit(127);
  }
  close(fds[0]);
  watchdog_fd_ = fds[1];
  watchdog_ = pid;
  return absl::OkStatus();
}

PgCluster::~PgCluster() {
  if (watchdog_fd_ >= 0) close(watchdog_fd_);
  if (watchdog_ > 0) {
    int status = 0;
    waitpid(watchdog_, &status, 0);
  }
}

absl::StatusOr<std::string> PgCluster::NewDatabase() {
  const std::string name = absl::StrCat("t", getpid(), "_", databases_.fetch_add(1));
  absl::StatusOr<std::string> made =
      RunPg("createdb", {"-h", dir_, "-p", std::to_string(port_), "-U", "postgres", name});
  if (!made.ok()) return made.status();
  return Url(name);
}

absl::StatusOr<std::string> PgCluster::RunPgTool(const std::string& tool,
                                                 std::vector<std::string> args) {
  return RunPg(tool, std::move(args));
}

std::string PgCluster::Url(absl::string_view name) const {
  return absl::StrCat("postgresql://postgres@/", name, "?host=", dir_, "&port=", port_);
}

bool TestsUsePostgres() {
  const char* db = std::getenv("HROMADA_TEST_DB");
  return db != nullptr && std::string(db) == "postgres";
}

absl::StatusOr<PgCluster*> SharedPgCluster() {
  static absl::Mutex mu(absl::kConstInit);
  static PgCluster* shared ABSL_GUARDED_BY(mu) = nullptr;
  absl::MutexLock lock(&mu);
  if (shared == nullptr) {
    absl::StatusOr<std::unique_ptr<PgCluster>> cluster = PgCluster::Start();
    if (!cluster.ok()) return cluster.status();
    // Never destroyed: the watchdog stops it when the process ends.
    shared = cluster->release();
  }
  return shared;
}

}  // namespace test
}  // namespace hromada
