#include "client/ui/ui.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <functional>
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

// Until SIGINT or SIGTERM (in `stop`, blocked): checks the idle lock
// every few seconds, and calls `new_link` for each line typed on stdin
// (a person who closed the browser presses Enter). Stdin at its end (a
// service, a test) is left alone.
absl::Status Watch(const sigset_t& stop, App& app, const std::function<void()>& new_link) {
  const int signals = signalfd(-1, &stop, SFD_CLOEXEC);
  if (signals < 0) return absl::InternalError("cannot wait for signals (signalfd)");
  bool read_stdin = true;
  for (;;) {
    pollfd fds[2] = {{signals, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    const int ready = poll(fds, read_stdin ? 2 : 1, kWatchSeconds * 1000);
    if (ready > 0 && (fds[0].revents & POLLIN)) break;
    if (ready > 0 && read_stdin && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      char buffer[256];
      const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
      if (n <= 0) {
        read_stdin = false;
      } else if (std::memchr(buffer, '\n', static_cast<size_t>(n)) != nullptr) {
        new_link();
      }
    }
    app.LockIfIdle();
  }
  close(signals);
  return absl::OkStatus();
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
  AddSurveyRoutes(router, **app);
  AddAttachmentRoutes(router, **app);
  AddSettingsRoutes(router, **app);
  AddCoordinatorRoutes(router, **app);
  ready.store(true, std::memory_order_release);
  const std::string url = absl::StrCat((*server)->origin(), "/?token=", token);
  out << "Open " << url << " in a browser (the link works once); press Enter here for a new "
      << "link, Ctrl+C to stop hromada ui." << std::endl;
  if (run.open_browser) OpenBrowser(url);
  return Watch(stop, **app, [&] {
    (*app)->LockForNewLink();
    const std::string again = absl::StrCat((*server)->origin(), "/?token=", gate->NewLaunchToken());
    out << "Open " << again
        << " (a new link: the page open before is closed by it, and the profile is locked)."
        << std::endl;
  });
}

}  // namespace hromada::ui
