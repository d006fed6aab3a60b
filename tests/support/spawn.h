// Starting and reaping child processes for the test harness. Internal to
// tests/support: tests use RunTool (run_tool.h) and ServerProcess
// (server_process.h), which are built on this.
//
// Every function here is thread-safe. Children start with default signal
// dispositions and no blocked signals, whatever the test process set.
#ifndef HROMADA_TESTS_SUPPORT_SPAWN_H_
#define HROMADA_TESTS_SUPPORT_SPAWN_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hromada {
namespace test {

// Environment variables to set in a child, on top of this process's own
// (a name given here replaces the inherited value).
using EnvVars = std::vector<std::pair<std::string, std::string>>;

// Where the project's binaries are: $HROMADA_BIN_DIR (ctest sets it, see
// cmake/hromada.cmake), else the bin/ folder of the build this library
// was compiled in.
std::string BinDir();

// `binary` as given if it contains a '/', else BinDir() + "/" + binary.
std::string BinaryPath(absl::string_view binary);

struct ChildSpec {
  std::string path;               // the executable; also argv[0]
  std::vector<std::string> args;  // argv[1..]
  EnvVars env;
  // The child's standard streams; -1 means /dev/null. Borrowed: the
  // caller closes its copies after the call.
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

// Starts `spec` with posix_spawn. NOT_FOUND if the executable does not
// exist, INTERNAL for other failures to start it.
absl::StatusOr<pid_t> SpawnChild(const ChildSpec& spec);

// Like SpawnChild, but with fork + exec so that the child is sent SIGKILL
// when the *calling thread* ends (PR_SET_PDEATHSIG): a test that crashes
// or is killed leaves no server behind holding its port. Call it from a
// thread that outlives the child (normally the test's main thread).
absl::StatusOr<pid_t> SpawnChildBoundToThread(const ChildSpec& spec);

// Waits up to `timeout` (zero: just look) for `pid` to end, and reaps it.
// Returns its wait status, or nullopt if it is still running.
std::optional<int> WaitForExit(pid_t pid, absl::Duration timeout);

// Sends `sig` to `pid`, waits up to `grace` for it to end, then sends
// SIGKILL and waits for that. Returns the wait status.
int KillAndReap(pid_t pid, int sig, absl::Duration grace);

// A wait status in words: "exited with code 3", "killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int wait_status);

}  // namespace test
}  // namespace hromada

#endif  // HROMADA_TESTS_SUPPORT_SPAWN_H_
