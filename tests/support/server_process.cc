#include "tests/support/server_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/support/loopback.h"

namespace hromada {
namespace test {
namespace {

// Numbers the port and log files of the servers this process starts.
std::atomic<int> next_instance{1};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// The port in a complete port file ("12345\n"); 0 while it is missing or
// still being written.
int ReadPortFile(const std::string& path) {
  const std::string content = ReadFile(path);
  if (content.empty() || content.back() != '\n') return 0;
  int port = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(content), &port)) return 0;
  return port > 0 && port < 65536 ? port : 0;
}

bool CanConnect(int port) {
  const int fd = ConnectLoopback(port);
  if (fd >= 0) close(fd);
  return fd >= 0;
}

std::string FolderOf(const std::string& path) {
  const std::string folder = std::filesystem::path(path).parent_path().string();
  return folder.empty() ? "." : folder;
}

}  // namespace

std::string ServerBinary() { return BinaryPath("hromada-server"); }

ServerProcess::ServerProcess(ServerOptions options) : options_(std::move(options)) {
  if (options_.work_dir.empty()) options_.work_dir = FolderOf(options_.db_path);
  if (options_.binary.empty()) options_.binary = ServerBinary();
  const int n = next_instance.fetch_add(1);
  port_file_ = absl::StrCat(options_.work_dir, "/hromada-server-", n, ".port");
  log_path_ = absl::StrCat(options_.work_dir, "/hromada-server-", n, ".log");
  port_ = options_.port;
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(ServerOptions options) {
  if (options.db_path.empty()) return absl::InvalidArgumentError("ServerOptions.db_path is empty");
  if (options.work_dir.empty() && options.db_path.find("://") != std::string::npos) {
    return absl::InvalidArgumentError("a database URL has no folder: set ServerOptions.work_dir");
  }
  std::unique_ptr<ServerProcess> server(new ServerProcess(std::move(options)));
  if (access(server->options_.binary.c_str(), X_OK) != 0) {
    return absl::NotFoundError(
        absl::StrCat(server->options_.binary, " is missing (not built?): ", std::strerror(errno)));
  }
  if (absl::Status s = server->Launch(); !s.ok()) return s;
  return server;
}

ServerProcess::~ServerProcess() { Stop().IgnoreError(); }

std::string ServerProcess::address() const { return absl::StrCat("127.0.0.1:", port()); }
std::string ServerProcess::url() const { return absl::StrCat("http://", address()); }

std::string ServerProcess::LogTail(size_t max_bytes) const {
  const std::string log = ReadFile(log_path_);
  return log.size() <= max_bytes ? log : log.substr(log.size() - max_bytes);
}

absl::Status ServerProcess::Launch() {
  unlink(port_file_.c_str());  // a stale one from the last run would fool the wait
  const int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return absl::InternalError(absl::StrCat("cannot open ", log_path_, ": ", std::strerror(errno)));
  }
  ChildSpec spec;
  spec.path = options_.binary;
  spec.args = {
      "serve",       "--db",    options_.db_path, "--listen", absl::StrCat("127.0.0.1:", port()),
      "--port-file", port_file_};
  spec.args.insert(spec.args.end(), options_.args.begin(), options_.args.end());
  spec.env = options_.env;
  spec.stdout_fd = log_fd;
  spec.stderr_fd = log_fd;
  absl::StatusOr<pid_t> pid = SpawnChildBoundToThread(spec);
  close(log_fd);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  running_ = true;
  exit_status_ = -1;
  return WaitUntilListening(absl::Now() + options_.start_timeout);
}

absl::Status ServerProcess::WaitUntilListening(absl::Time deadline) {
  while (absl::Now() < deadline) {
    if (!Running()) {
      return StartFailed(absl::AbortedError(
          absl::StrCat("hromada-server ", DescribeWaitStatus(exit_status_), " while starting")));
    }
    const int port = ReadPortFile(port_file_);
    if (port != 0 && options_.port != 0 && port != options_.port) {
      Kill(SIGKILL);
      return StartFailed(absl::InternalError(absl::StrCat("hromada-server listens on port ", port,
                                                          ", not the requested ", options_.port)));
    }
    if (port != 0 && CanConnect(port)) {
      port_ = port;
      return absl::OkStatus();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Kill(SIGKILL);
  return StartFailed(absl::DeadlineExceededError(
      absl::StrCat("hromada-server was not listening within ",
                   absl::FormatDuration(options_.start_timeout), " (port file ", port_file_, ")")));
}

absl::Status ServerProcess::StartFailed(absl::Status status) {
  return absl::Status(status.code(),
                      absl::StrCat(status.message(), "; the end of ", log_path_, ":\n", LogTail()));
}

void ServerProcess::Reaped(int wait_status) {
  running_ = false;
  exit_status_ = wait_status;
}

bool ServerProcess::Running() {
  if (!running_) return false;
  if (std::optional<int> status = test::WaitForExit(pid_, absl::ZeroDuration())) Reaped(*status);
  return running_;
}

bool ServerProcess::WaitForExit(absl::Duration timeout) {
  if (!running_) return true;
  if (std::optional<int> status = test::WaitForExit(pid_, timeout)) Reaped(*status);
  return !running_;
}

int ServerProcess::exit_status() { return Running() ? -1 : exit_status_; }

void ServerProcess::Kill(int sig) {
  if (Running()) Reaped(KillAndReap(pid_, sig, absl::Seconds(10)));
}

absl::Status ServerProcess::Signal(int sig) {
  if (!Running()) return absl::FailedPreconditionError("hromada-server is not running");
  if (kill(pid_, sig) != 0) {
    return absl::InternalError(absl::StrCat("kill(", pid_, ", ", sig, "): ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status ServerProcess::Stop(absl::Duration grace) {
  if (pid_ < 0) return absl::OkStatus();
  if (Running()) Reaped(KillAndReap(pid_, SIGTERM, grace));
  if (WIFEXITED(exit_status_) && WEXITSTATUS(exit_status_) == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("hromada-server ", DescribeWaitStatus(exit_status_),
                                          "; the end of ", log_path_, ":\n", LogTail()));
}

absl::Status ServerProcess::Restart() {
  if (Running()) Stop().IgnoreError();
  options_.port = port();
  return Launch();
}

absl::StatusOr<std::string> ServerProcess::Admin(const std::string& subcommand,
                                                 const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"admin", subcommand, "--db", options_.db_path};
  argv.insert(argv.end(), args.begin(), args.end());
  ToolOptions tool;
  tool.env = options_.env;
  return RunTool(options_.binary, argv, tool);
}

}  // namespace test
}  // namespace hromada
