#include "tests/support/spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

extern char** environ;

#ifndef HROMADA_DEFAULT_BIN_DIR
#define HROMADA_DEFAULT_BIN_DIR "."
#endif

namespace hromada {
namespace test {
namespace {

// argv and envp for exec, built before any fork so the child only has to
// call async-signal-safe functions. Not copyable: the arrays point into it.
class ExecArgs {
 public:
  explicit ExecArgs(const ChildSpec& spec) {
    args_.push_back(spec.path);
    args_.insert(args_.end(), spec.args.begin(), spec.args.end());
    for (char** e = environ; *e != nullptr; ++e) {
      const absl::string_view entry(*e);
      const bool replaced = std::any_of(spec.env.begin(), spec.env.end(), [&](const auto& kv) {
        return absl::StartsWith(entry, absl::StrCat(kv.first, "="));
      });
      if (!replaced) env_.emplace_back(entry);
    }
    for (const auto& [name, value] : spec.env) env_.push_back(absl::StrCat(name, "=", value));
    for (std::string& s : args_) argv_.push_back(s.data());
    for (std::string& s : env_) envp_.push_back(s.data());
    argv_.push_back(nullptr);
    envp_.push_back(nullptr);
  }
  ExecArgs(const ExecArgs&) = delete;
  ExecArgs& operator=(const ExecArgs&) = delete;

  char* const* argv() { return argv_.data(); }
  char* const* envp() { return envp_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  std::vector<char*> argv_;
  std::vector<char*> envp_;
};

absl::Status SpawnError(const std::string& path, int err) {
  const std::string message = absl::StrCat("cannot run ", path, ": ", std::strerror(err));
  return err == ENOENT ? absl::NotFoundError(message) : absl::InternalError(message);
}

// In the child after fork: only async-signal-safe calls from here on.
[[noreturn]] void ExecChild(const ChildSpec& spec, ExecArgs& args, pid_t parent, int null_fd,
                            int error_fd) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int fds[3] = {spec.stdin_fd, spec.stdout_fd, spec.stderr_fd};
  for (int target = 0; target < 3; ++target) {
    const int fd = fds[target] < 0 ? null_fd : fds[target];
    if (fd == target) {
      fcntl(fd, F_SETFD, 0);
    } else if (dup2(fd, target) < 0) {
      break;  // exec would run with a wrong stream; report the errno below
    }
  }
  execve(spec.path.c_str(), args.argv(), args.envp());
  const int err = errno;
  (void)!write(error_fd, &err, sizeof(err));
  _exit(127);
}

}  // namespace

std::string BinDir() {
  const char* dir = std::getenv("HROMADA_BIN_DIR");
  return dir != nullptr && *dir != '\0' ? dir : HROMADA_DEFAULT_BIN_DIR;
}

std::string BinaryPath(absl::string_view binary) {
  if (absl::StrContains(binary, '/')) return std::string(binary);
  return absl::StrCat(BinDir(), "/", binary);
}

absl::StatusOr<pid_t> SpawnChild(const ChildSpec& spec) {
  ExecArgs args(spec);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const int fds[3] = {spec.stdin_fd, spec.stdout_fd, spec.stderr_fd};
  for (int target = 0; target < 3; ++target) {
    if (fds[target] < 0) {
      posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_RDWR, 0);
    } else {
      posix_spawn_file_actions_adddup2(&actions, fds[target], target);
    }
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, spec.path.c_str(), &actions, &attr, args.argv(), args.envp());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return SpawnError(spec.path, rc);
  return pid;
}

absl::StatusOr<pid_t> SpawnChildBoundToThread(const ChildSpec& spec) {
  ExecArgs args(spec);
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  int error_pipe[2];
  if (null_fd < 0 || pipe2(error_pipe, O_CLOEXEC) != 0) {
    const int err = errno;
    if (null_fd >= 0) close(null_fd);
    return SpawnError(spec.path, err);
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) ExecChild(spec, args, parent, null_fd, error_pipe[1]);
  const int fork_errno = errno;
  close(null_fd);
  close(error_pipe[1]);
  int exec_errno = 0;
  ssize_t n = 0;
  if (pid > 0) {
    // Closed by a successful exec (O_CLOEXEC); carries errno if exec failed.
    while ((n = read(error_pipe[0], &exec_errno, sizeof(exec_errno))) < 0 && errno == EINTR) {
    }
  }
  close(error_pipe[0]);
  if (pid < 0) return SpawnError(spec.path, fork_errno);
  if (n == sizeof(exec_errno)) {
    WaitForExit(pid, absl::InfiniteDuration());
    return SpawnError(spec.path, exec_errno);
  }
  return pid;
}

std::optional<int> WaitForExit(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::Duration pause = absl::Milliseconds(1);
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;  // not our child, or reaped elsewhere
    if (absl::Now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(absl::ToChronoNanoseconds(std::min(pause, deadline - absl::Now())));
    pause = std::min(pause * 2, absl::Milliseconds(20));
  }
}

int KillAndReap(pid_t pid, int sig, absl::Duration grace) {
  kill(pid, sig);
  if (std::optional<int> status = WaitForExit(pid, grace)) return *status;
  kill(pid, SIGKILL);
  return WaitForExit(pid, absl::InfiniteDuration()).value_or(-1);
}

std::string DescribeWaitStatus(int wait_status) {
  if (wait_status == -1) return "ended, status unknown (reaped elsewhere)";
  if (WIFEXITED(wait_status)) return absl::StrCat("exited with code ", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    return absl::StrCat("killed by signal ", sig, " (", strsignal(sig), ")",
                        WCOREDUMP(wait_status) ? ", core dumped" : "");
  }
  return absl::StrCat("wait status ", wait_status);
}

}  // namespace test
}  // namespace hromada
