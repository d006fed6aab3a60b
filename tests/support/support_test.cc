// Tests of the harness itself: TempDir, RunTool and ServerProcess. The
// ServerProcess tests run against hromada_support_helper, a fake server
// that keeps the serve contract; one more runs the real hromada-server
// when it is built. The TcpProxy tests are in tcp_proxy_test.cc.
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/loopback.h"
#include "tests/support/server_process.h"

namespace hromada {
namespace test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kHelper[] = "hromada_support_helper";

bool CanConnect(int port) {
  const int fd = ConnectLoopback(port);
  if (fd >= 0) close(fd);
  return fd >= 0;
}

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? setenv(name, value, 1) : unsetenv(name);
  }
  ~ScopedEnv() { old_.empty() ? unsetenv(name_.c_str()) : setenv(name_.c_str(), old_.c_str(), 1); }

 private:
  std::string name_;
  std::string old_;
};

// --- TempDir ---

TEST(TempDirTest, MakesAUniqueDirectoryAndRemovesItWithItsContents) {
  std::string kept;
  {
    TempDir a;
    TempDir b("other");
    EXPECT_NE(a.path(), b.path());
    EXPECT_TRUE(fs::is_directory(a.path()));
    EXPECT_THAT(fs::path(b.path()).filename().string(), StartsWith("other-"));
    EXPECT_EQ(a.Path("x.db"), a.path() + "/x.db");
    fs::create_directories(a.Path("sub/dir"));
    std::ofstream(a.Path("sub/dir/file")) << "data";
    kept = a.path();
  }
  EXPECT_FALSE(fs::exists(kept));
}

TEST(TempDirTest, IsKeptWhenHromadaKeepTmpIsSet) {
  std::string path;
  {
    ScopedEnv keep("HROMADA_KEEP_TMP", "1");
    TempDir dir;
    path = dir.path();
  }
  EXPECT_TRUE(fs::is_directory(path));
  fs::remove_all(path);
}

TEST(TempDirTest, IsMadeUnderTestTmpdir) {
  TempDir outer;
  ScopedEnv env("TEST_TMPDIR", outer.path().c_str());
  TempDir inner;
  EXPECT_EQ(fs::path(inner.path()).parent_path().string(), outer.path());
}

// --- RunTool ---

TEST(RunToolTest, RunsAProgramByPathWithArgumentsUnquoted) {
  absl::StatusOr<std::string> out = RunTool("/bin/echo", {"hello", "Білозерка", "a b", "$HOME"});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "hello Білозерка a b $HOME\n");
}

TEST(RunToolTest, FindsProgramsInTheBinDir) {
  EXPECT_EQ(BinaryPath("x"), BinDir() + "/x");
  EXPECT_EQ(BinaryPath("/bin/x"), "/bin/x");
  EXPECT_EQ(ServerBinary(), BinDir() + "/hromada-server");
  ScopedEnv env("HROMADA_BIN_DIR", "/opt/elsewhere");
  EXPECT_EQ(BinDir(), "/opt/elsewhere");
}

TEST(RunToolTest, CapturesStdoutAndStderrSeparatelyWithTheExitCode) {
  absl::StatusOr<ToolResult> r =
      RunToolWithResult(kHelper, {"--out", "to out", "--err", "to err", "--exit", "3"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->out, "to out");
  EXPECT_EQ(r->err, "to err");
}

TEST(RunToolTest, ReturnsStdoutOnlyOnSuccess) {
  EXPECT_EQ(*RunTool(kHelper, {"--out", "fine", "--err", "noise"}), "fine");
  absl::StatusOr<std::string> failed =
      RunTool(kHelper, {"--out", "x", "--err", "bad thing", "--exit", "2"});
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(failed.status().message(), HasSubstr("bad thing"));
  EXPECT_THAT(failed.status().message(), HasSubstr("code 2"));
}

TEST(RunToolTest, FeedsStdin) {
  std::string input;
  for (int i = 0; i < 50000; ++i) absl::StrAppend(&input, i, "\n");
  ToolOptions options;
  options.stdin_data = input;
  absl::StatusOr<std::string> out = RunTool(kHelper, {"--cat"}, options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, input);
}

TEST(RunToolTest, SurvivesAProgramThatIgnoresItsStdin) {
  ToolOptions options;
  options.stdin_data = std::string(8 << 20, 'x');  // more than a pipe holds
  absl::StatusOr<ToolResult> r = RunToolWithResult("/bin/true", {}, options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 0);
}

TEST(RunToolTest, ReadsLargeOutputOnBothStreamsWithoutBlocking) {
  absl::StatusOr<ToolResult> r = RunToolWithResult(kHelper, {"--big", "3000000"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, std::string(3000000, 'o'));
  EXPECT_EQ(r->err, std::string(3000000, 'e'));
}

TEST(RunToolTest, PassesTheEnvironmentWithOverrides) {
  ScopedEnv inherited("HROMADA_SUPPORT_TEST_OLD", "old");
  ToolOptions options;
  options.env = {{"HROMADA_SUPPORT_TEST_OLD", "new"}, {"HROMADA_SUPPORT_TEST_X", "42"}};
  absl::StatusOr<std::string> out =
      RunTool(kHelper,
              {"--env", "HROMADA_SUPPORT_TEST_OLD", "--env", "HROMADA_SUPPORT_TEST_X", "--env",
               "HROMADA_SUPPORT_TEST_NONE", "--env", "PATH"},
              options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(*out, StartsWith("HROMADA_SUPPORT_TEST_OLD=new\nHROMADA_SUPPORT_TEST_X=42\n"
                               "HROMADA_SUPPORT_TEST_NONE unset\nPATH="));
}

TEST(RunToolTest, AMissingProgramIsNotFound) {
  EXPECT_EQ(RunTool("/nonexistent/tool", {}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(RunTool("no-such-hromada-tool", {}).status().code(), absl::StatusCode::kNotFound);
}

TEST(RunToolTest, KillsAProgramThatOverrunsItsTimeout) {
  ToolOptions options;
  // Long enough for a loaded machine to start the helper and let it print.
  options.timeout = absl::Seconds(2);
  const absl::Time start = absl::Now();
  absl::StatusOr<ToolResult> r =
      RunToolWithResult(kHelper, {"--out", "started", "--sleep-ms", "60000"}, options);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(r.status().message(), HasSubstr("started"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(30));
}

TEST(RunToolTest, ReportsDeathBySignalAs128PlusTheSignal) {
  absl::StatusOr<ToolResult> r = RunToolWithResult("/bin/sh", {"-c", "kill -TERM $$"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 128 + SIGTERM);
}

// --- ServerProcess, against the fake server ---

ServerOptions FakeServer(const TempDir& dir, const char* mode = nullptr) {
  ServerOptions options;
  options.db_path = dir.Path("hromada.db");
  options.binary = BinaryPath(kHelper);
  if (mode != nullptr) options.env = {{"HROMADA_FAKE_MODE", mode}};
  return options;
}

TEST(ServerProcessTest, StartsListeningAndStopsCleanly) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(FakeServer(dir));
  ASSERT_TRUE(server.ok()) << server.status();
  ServerProcess& s = **server;
  EXPECT_GT(s.port(), 0);
  EXPECT_EQ(s.address(), absl::StrCat("127.0.0.1:", s.port()));
  EXPECT_EQ(s.url(), absl::StrCat("http://127.0.0.1:", s.port()));
  EXPECT_TRUE(s.Running());
  EXPECT_EQ(s.exit_status(), -1);
  EXPECT_TRUE(CanConnect(s.port()));
  EXPECT_THAT(s.LogTail(), HasSubstr("listening"));
  EXPECT_THAT(s.LogTail(), HasSubstr(dir.Path("hromada.db")));
  EXPECT_EQ(fs::path(s.log_path()).parent_path().string(), dir.path());
  EXPECT_TRUE(s.Stop().ok());
  EXPECT_FALSE(s.Running());
  EXPECT_TRUE(WIFEXITED(s.exit_status()) && WEXITSTATUS(s.exit_status()) == 0);
  EXPECT_THAT(s.LogTail(), HasSubstr("stopping"));
}

TEST(ServerProcessTest, KillRecordsTheSignal) {
  TempDir dir;
  auto server = ServerProcess::Start(FakeServer(dir));
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Kill();
  EXPECT_FALSE((*server)->Running());
  EXPECT_TRUE(WIFSIGNALED((*server)->exit_status()));
  EXPECT_EQ(WTERMSIG((*server)->exit_status()), SIGKILL);
  EXPECT_THAT(DescribeWaitStatus((*server)->exit_status()), HasSubstr("signal 9"));
  EXPECT_FALSE((*server)->Stop().ok()) << "a killed server did not stop cleanly";
}

TEST(ServerProcessTest, RestartComesBackOnTheSamePort) {
  TempDir dir;
  auto server = ServerProcess::Start(FakeServer(dir));
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  const pid_t first = (*server)->pid();
  (*server)->Kill();
  ASSERT_TRUE((*server)->Restart().ok());
  EXPECT_EQ((*server)->port(), port);
  EXPECT_NE((*server)->pid(), first);
  EXPECT_TRUE((*server)->Running());
  // Restarting a running server stops it first.
  ASSERT_TRUE((*server)->Restart().ok());
  EXPECT_EQ((*server)->port(), port);
  EXPECT_TRUE(CanConnect(port));
}

TEST(ServerProcessTest, StartsOnAFixedPort) {
  TempDir dir;
  const int port = FreeLoopbackPort();
  ServerOptions options = FakeServer(dir);
  options.port = port;
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->port(), port);
}

TEST(ServerProcessTest, AServerThatDiesWhileStartingReportsItsLog) {
  TempDir dir;
  auto server = ServerProcess::Start(FakeServer(dir, "fail-start"));
  EXPECT_EQ(server.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(server.status().message(), HasSubstr("exited with code 3"));
  EXPECT_THAT(server.status().message(), HasSubstr("cannot open the database"));
}

TEST(ServerProcessTest, AServerThatNeverListensTimesOut) {
  TempDir dir;
  ServerOptions options = FakeServer(dir, "no-port-file");
  options.start_timeout = absl::Milliseconds(300);
  auto server = ServerProcess::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(server.status().message(), HasSubstr("listening on"));
}

TEST(ServerProcessTest, StopFallsBackToSigkill) {
  TempDir dir;
  auto server = ServerProcess::Start(FakeServer(dir, "ignore-term"));
  ASSERT_TRUE(server.ok()) << server.status();
  const absl::Time start = absl::Now();
  absl::Status stopped = (*server)->Stop(absl::Milliseconds(200));
  EXPECT_EQ(stopped.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(stopped.message(), HasSubstr("signal 9"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(15));
}

TEST(ServerProcessTest, WaitForExitSeesAServerEndByItself) {
  TempDir dir;
  auto server = ServerProcess::Start(FakeServer(dir, "exit-soon"));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE((*server)->WaitForExit(absl::Seconds(5)));
  EXPECT_FALSE((*server)->Running());
  EXPECT_TRUE(WIFEXITED((*server)->exit_status()));
  EXPECT_EQ(WEXITSTATUS((*server)->exit_status()), 7);
}

TEST(ServerProcessTest, SignalFreezesAndThaws) {
  TempDir dir;
  auto server = ServerProcess::Start(FakeServer(dir));
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE((*server)->Signal(SIGSTOP).ok());
  EXPECT_TRUE((*server)->Running());
  ASSERT_TRUE((*server)->Signal(SIGCONT).ok());
  EXPECT_TRUE((*server)->Stop().ok());
  EXPECT_EQ((*server)->Signal(SIGCONT).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ServerProcessTest, TheDestructorStopsTheServer) {
  TempDir dir;
  pid_t pid;
  {
    auto server = ServerProcess::Start(FakeServer(dir));
    ASSERT_TRUE(server.ok()) << server.status();
    pid = (*server)->pid();
  }
  EXPECT_EQ(kill(pid, 0), -1) << "the server process is gone and reaped";
  EXPECT_EQ(errno, ESRCH);
}

TEST(ServerProcessTest, AdminRunsTheBinaryWithTheDatabase) {
  TempDir dir;
  auto server = ServerProcess::Start(FakeServer(dir));
  ASSERT_TRUE(server.ok()) << server.status();
  absl::StatusOr<std::string> out = (*server)->Admin("add-community", {"--name", "x", "--json"});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "{\"subcommand\":\"add-community\",\"args\":5}\n");
  EXPECT_THAT((*server)->Admin("fail").status().message(), HasSubstr("no such thing"));
}

TEST(ServerProcessTest, RefusesBadOptions) {
  TempDir dir;
  ServerOptions no_db = FakeServer(dir);
  no_db.db_path.clear();
  EXPECT_EQ(ServerProcess::Start(no_db).status().code(), absl::StatusCode::kInvalidArgument);
  ServerOptions missing = FakeServer(dir);
  missing.binary = dir.Path("no-such-server");
  EXPECT_EQ(ServerProcess::Start(missing).status().code(), absl::StatusCode::kNotFound);
}

// --- ServerProcess, against the real server ---

TEST(RealServerTest, StartsRestartsAndStopsCleanly) {
  if (access(ServerBinary().c_str(), X_OK) != 0) GTEST_SKIP() << "hromada-server not built";
  TempDir dir;
  ServerOptions options;
  options.db_path = dir.Path("hromada.db");
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  EXPECT_TRUE((*server)->Stop().ok()) << "SIGTERM must stop it cleanly";
  ASSERT_TRUE((*server)->Restart().ok());
  EXPECT_EQ((*server)->port(), port);
  (*server)->Kill(SIGKILL);
  // One JSON value on stdout: list-devices prints an array (of no devices yet).
  absl::StatusOr<std::string> devices = (*server)->Admin("list-devices", {"--json"});
  ASSERT_TRUE(devices.ok()) << devices.status();
  EXPECT_THAT(*devices, ::testing::AnyOf(StartsWith("["), StartsWith("{")));
}

}  // namespace
}  // namespace test
}  // namespace hromada
