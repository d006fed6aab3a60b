// The real hromada-server, run as a child process on loopback for
// integration, chaos and benchmark tests.
//
// The binary's contract this harness relies on:
//   hromada-server serve --db PATH --listen 127.0.0.1:PORT --port-file FILE [args...]
// listens (PORT 0: any free port), then writes the bound port, in decimal
// and a newline, to FILE; logs to stderr; stops cleanly on SIGTERM/SIGINT.
//   hromada-server admin SUBCOMMAND --db PATH [args...] [--json]
// runs once and exits; with --json prints one JSON object on stdout.
//
// Start() returns once the port file is written and a TCP connection to
// the port succeeds. The server's stdout and stderr are appended to
// log_path() in the options' work_dir, across restarts. The server is
// SIGKILLed if the thread that started it ends (see SpawnChildBoundToThread),
// so a crashed test leaves nothing running.
//
// Not thread-safe: drive one ServerProcess from one thread. port(), url()
// and address() may be read from any thread.
//
// This header also brings in RunTool (run_tool.h) and TempDir (temp_dir.h),
// which tests using a server always need too.
#ifndef HROMADA_TESTS_SUPPORT_SERVER_PROCESS_H_
#define HROMADA_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/support/run_tool.h"
#include "tests/support/spawn.h"
#include "tests/support/temp_dir.h"

namespace hromada {
namespace test {

// BinDir() + "/hromada-server".
std::string ServerBinary();

struct ServerOptions {
  std::string db_path;            // required: a SQLite file or a postgresql:// URL
  std::vector<std::string> args;  // appended after the fixed arguments
  EnvVars env;                    // e.g. {{"HROMADA_TEST_CRASH", "push-after-commit"}}
  int port = 0;                   // 0: any free port
  // Where the port file and the log go; default: the folder of db_path
  // (required with a URL).
  std::string work_dir;
  std::string binary;  // default: ServerBinary()
  absl::Duration start_timeout = absl::Seconds(10);
};

class ServerProcess {
 public:
  // Starts the server and waits until it accepts connections. Errors:
  // INVALID_ARGUMENT without db_path; NOT_FOUND if the binary is missing;
  // ABORTED if the server exits while starting, DEADLINE_EXCEEDED if it is
  // not listening within start_timeout (it is then killed). The message of
  // both ends with the tail of the server's log.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(ServerOptions options);

  // Stops the server as Stop() does, ignoring how it ended.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_.load(); }
  std::string address() const;        // "127.0.0.1:PORT", for grpc::CreateChannel
  std::string url() const;            // "http://127.0.0.1:PORT", for the field client
  pid_t pid() const { return pid_; }  // of the current (or last) run
  const std::string& db_path() const { return options_.db_path; }
  const std::string& log_path() const { return log_path_; }
  // The last `max_bytes` of the log, for failure messages.
  std::string LogTail(size_t max_bytes = 4000) const;

  // Sends `sig` and waits for the server to end (SIGKILL after 10 s if it
  // does not), recording its exit status. No-op if it is not running.
  void Kill(int sig = SIGKILL);
  // Sends `sig` without waiting (e.g. SIGSTOP and SIGCONT to freeze it).
  absl::Status Signal(int sig);
  // SIGTERM, then up to `grace` for a clean exit, then SIGKILL. OK if it
  // exited with code 0 (or had already stopped so); otherwise INTERNAL
  // saying how it ended, with the log tail.
  absl::Status Stop(absl::Duration grace = absl::Seconds(5));
  // Starts the server again with the same options, database and port;
  // stops it first if it is running. Errors as for Start().
  absl::Status Restart();

  // Whether the current run is still going; reaps it if it has ended.
  bool Running();
  // Waits up to `timeout` for the server to end by itself (e.g. after a
  // HROMADA_TEST_CRASH point); true if it has ended.
  bool WaitForExit(absl::Duration timeout);
  // The wait status (see waitpid(2); DescribeWaitStatus() puts it in
  // words) of the last run, or -1 while it runs.
  int exit_status();

  // Runs `hromada-server admin <subcommand> --db <db_path> <args...>` with
  // the same binary and environment; returns its stdout (see RunTool).
  absl::StatusOr<std::string> Admin(const std::string& subcommand,
                                    const std::vector<std::string>& args = {}) const;

 private:
  explicit ServerProcess(ServerOptions options);
  absl::Status Launch();
  absl::Status WaitUntilListening(absl::Time deadline);
  absl::Status StartFailed(absl::Status status);
  void Reaped(int wait_status);

  ServerOptions options_;
  std::string port_file_;
  std::string log_path_;
  std::atomic<int> port_{0};
  pid_t pid_ = -1;
  bool running_ = false;
  int exit_status_ = -1;
};

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_SERVER_PROCESS_H_
