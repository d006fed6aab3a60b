#include "client/ui/ui.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/ui/api.h"

extern char** environ;

namespace hromada::ui {
namespace {

constexpr int kWatchSeconds = 5;  // how often the idle lock is checked

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().find("-----BEGIN") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read a PEM file from ", flag, " ", path));
  }
  return text.str();
}

absl::StatusOr<ListenSettings> ListenOf(const UiRun& run) {
  ListenSettings listen;
  listen.address = run.listen;
  if (run.tls_cert_file.empty() != run.tls_key_file.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together: give both");
  }
  if (run.tls_cert_file.empty()) return listen;
  absl::StatusOr<std::string> cert = ReadPem(run.tls_cert_file, "--tls-cert");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(run.tls_key_file, "--tls-key");
  if (!key.ok()) return key.status();
  listen.tls_cert_pem = *std::move(cert);
  listen.tls_key_pem = *std::move(key);
  return listen;
}

// Whether `program` is an executable file on $PATH.
bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty())) {
    if (::access(absl::StrCat(dir, "/", program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// Opens `url` in the desktop's browser, quietly; false when there is no
// way to (no xdg-open: a server without a desktop).
bool OpenBrowser(const std::string& url) {
  if (!OnPath("xdg-open")) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string program = "xdg-open", arg = url;
  char* argv[] = {program.data(), arg.data(), nullptr};
  pid_t pid;
  const bool ok = posix_spawnp(&pid, "xdg-open", &actions, nullptr, argv, environ) == 0;
  posix_spawn_file_actions_destroy(&actions);
  return ok;
}

}  // namespace

absl::Status RunUi(const UiRun& run, std::ostream& out) {
  absl::StatusOr<ListenSettings> listen = ListenOf(run);
  if (!listen.ok()) return listen.status();
  // Every thread started from here on (libmicrohttpd's, a sync's) leaves
  // SIGINT and SIGTERM to the wait below.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  AppOptions options;
  options.profile_path = run.profile_path;
  options.client_options = run.client_options;
  options.clock = run.client_options.clock;
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(std::move(options));
  if (!app.ok()) return app.status();
  Router router;
  std::unique_ptr<Gate> gate;
  std::atomic<bool> ready{false};
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Start(*listen, [&](const Request& request) {
        if (!ready.load(std::memory_order_acquire)) return Response{503, "text/plain", "", {}};
        if (std::optional<Response> refused = gate->Check(request)) return *refused;
        return (*app)->Serve(router, request);
      });
  if (!server.ok()) return server.status();
  const std::string token = NewToken();
  gate =
      std::make_unique<Gate>(token, (*server)->authority(), (*server)->origin(), (*server)->tls());
  AddSessionRoutes(router, **app, *gate);
  AddHomeRoutes(router, **app);
  AddPersonRoutes(router, **app);
  AddMeetingRoutes(router, **app);
  AddSyncRoutes(router, **app);
  AddInitiativeRoutes(router, **app);
  AddSettingsRoutes(router, **app);
  AddCoordinatorRoutes(router, **app);
  ready.store(true, std::memory_order_release);
  const std::string url = absl::StrCat((*server)->origin(), "/?token=", token);
  out << "Open " << url << " in a browser (the link works once); Ctrl+C stops hromada ui."
      << std::endl;
  if (run.open_browser) OpenBrowser(url);
  const timespec watch{kWatchSeconds, 0};
  while (sigtimedwait(&stop, nullptr, &watch) < 0) (*app)->LockIfIdle();
  return absl::OkStatus();
}

}  // namespace hromada::ui
