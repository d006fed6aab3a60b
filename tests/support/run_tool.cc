#include "tests/support/run_tool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace hromada {
namespace test {
namespace {

// The parent's ends of the child's three standard streams.
struct Pipes {
  int in = -1;  // write end of the child's stdin
  int out = -1;
  int err = -1;
};

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

// Creates the pipes, starts the child on their far ends and closes those.
absl::StatusOr<pid_t> Start(const std::string& path, const std::vector<std::string>& args,
                            const ToolOptions& options, Pipes* pipes) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return absl::InternalError("pipe2 failed");
  }
  ChildSpec spec{path, args, options.env, in[0], out[1], err[1]};
  absl::StatusOr<pid_t> pid = SpawnChild(spec);
  for (int fd : {in[0], out[1], err[1]}) close(fd);
  *pipes = Pipes{in[1], out[0], err[0]};
  fcntl(pipes->in, F_SETFL, O_NONBLOCK);
  if (options.stdin_data.empty()) CloseFd(&pipes->in);
  if (!pid.ok()) {
    CloseFd(&pipes->in);
    CloseFd(&pipes->out);
    CloseFd(&pipes->err);
  }
  return pid;
}

// Appends what is readable on `*fd` to `*sink`; closes it at end of file.
void Drain(int* fd, std::string* sink) {
  char buf[65536];
  const ssize_t n = read(*fd, buf, sizeof(buf));
  if (n > 0) {
    sink->append(buf, n);
  } else if (n == 0 || errno != EINTR) {
    CloseFd(fd);
  }
}

// write() that fails with EPIPE instead of raising SIGPIPE when the child
// has closed its stdin (pipes have no MSG_NOSIGNAL): the signal is blocked
// in this thread for the call and a pending one is taken back.
ssize_t WriteNoSigpipe(int fd, const char* data, size_t size) {
  sigset_t pipe_signal, old;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old);
  const ssize_t n = write(fd, data, size);
  if (n < 0 && errno == EPIPE) {
    const timespec no_wait = {0, 0};
    sigtimedwait(&pipe_signal, nullptr, &no_wait);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return n;
}

// Feeds stdin and collects stdout and stderr until both are closed or the
// deadline passes. Returns false on timeout.
bool Exchange(Pipes* pipes, const std::string& input, absl::Time deadline, ToolResult* result) {
  size_t written = 0;
  while (pipes->out >= 0 || pipes->err >= 0) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd fds[3] = {{pipes->out, POLLIN, 0}, {pipes->err, POLLIN, 0}, {pipes->in, POLLOUT, 0}};
    const int wait_ms =
        static_cast<int>(absl::ToInt64Milliseconds(std::min(left, absl::Seconds(1))));
    if (poll(fds, 3, wait_ms + 1) < 0) continue;
    if (fds[0].revents != 0) Drain(&pipes->out, &result->out);
    if (fds[1].revents != 0) Drain(&pipes->err, &result->err);
    if (fds[2].revents != 0) {
      const ssize_t n =
          (fds[2].revents & POLLOUT)
              ? WriteNoSigpipe(pipes->in, input.data() + written, input.size() - written)
              : -1;
      if (n > 0) written += n;
      if (n < 0 || written == input.size()) CloseFd(&pipes->in);
    }
  }
  CloseFd(&pipes->in);
  return true;
}

int ExitCode(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

std::string CommandLine(const std::string& binary, const std::vector<std::string>& args) {
  return absl::StrCat("`", binary, args.empty() ? "" : " ", absl::StrJoin(args, " "), "`");
}

}  // namespace

absl::StatusOr<ToolResult> RunToolWithResult(const std::string& binary,
                                             const std::vector<std::string>& args,
                                             const ToolOptions& options) {
  const absl::Time deadline = absl::Now() + options.timeout;
  Pipes pipes;
  absl::StatusOr<pid_t> pid = Start(BinaryPath(binary), args, options, &pipes);
  if (!pid.ok()) return pid.status();
  ToolResult result;
  const bool finished = Exchange(&pipes, options.stdin_data, deadline, &result);
  std::optional<int> status;
  if (finished) status = WaitForExit(*pid, deadline - absl::Now());
  CloseFd(&pipes.in);
  CloseFd(&pipes.out);
  CloseFd(&pipes.err);
  if (!status) {
    KillAndReap(*pid, SIGKILL, absl::Seconds(10));
    return absl::DeadlineExceededError(absl::StrCat(
        CommandLine(binary, args), " ran longer than ", absl::FormatDuration(options.timeout),
        "; stdout so far: ", result.out, "; stderr so far: ", result.err));
  }
  result.exit_code = ExitCode(*status);
  return result;
}

absl::StatusOr<std::string> RunTool(const std::string& binary, const std::vector<std::string>& args,
                                    const ToolOptions& options) {
  absl::StatusOr<ToolResult> result = RunToolWithResult(binary, args, options);
  if (!result.ok()) return result.status();
  if (result->exit_code != 0) {
    return absl::InternalError(absl::StrCat(CommandLine(binary, args), " failed with code ",
                                            result->exit_code, ": ", result->err));
  }
  return std::move(result->out);
}

}  // namespace test
}  // namespace hromada
