// hromada-server: `serve` runs the sync service; `admin …` manages the
// database (communities, devices, enrolment codes) and reports. Flags may also come
// from a config file (--config, TOML/INI keys named like the flags). Both are
// dispatched through the command table `hromada` uses too, and end with the
// exit code of the one table (shared/cli/exit_codes.h).
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/admin/admin_cli.h"
#include "server/network_limits.h"
#include "server/ops/json_log.h"
#include "server/server.h"
#include "server/store/open_store.h"
#include "server/store/pg_store.h"
#include "server/store/sqlite_store.h"
#include "shared/base/version.h"
#include "shared/cli/command_table.h"
#include "shared/cli/exit_codes.h"

namespace hromada::server {
namespace {

// Kills the process at the crash point named by HROMADA_TEST_CRASH: the
// crash tests' seam. Unset in production, where it costs one branch.
CrashPoint TestCrashPoint() {
  const char* where = std::getenv("HROMADA_TEST_CRASH");
  if (where == nullptr || *where == '\0') return nullptr;
  std::string target = where;
  return [target](const char* point) {
    if (target == point) raise(SIGKILL);
  };
}

absl::Status Serve(const ServerConfig& config) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread below

  // One server per SQLite file, and no restore under it (a URL names a
  // database server, which needs no such lock).
  std::optional<ServingLock> lock;
  if (!IsPostgresUrl(config.db_path)) {
    absl::StatusOr<ServingLock> taken = ServingLock::Take(config.db_path);
    if (!taken.ok()) return taken.status();
    lock.emplace(*std::move(taken));
  }
  const long files = RaiseOpenFileLimit();
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(config, &SystemClock::Get(), TestCrashPoint());
  if (!server.ok()) return server.status();
  const bool tls = !config.tls_cert.empty();
  // The URL a device enrols with: the host as given, the port as bound.
  const std::string host = config.listen.substr(0, config.listen.rfind(':'));
  spdlog::info("hromada-server {} listening on {}://{}:{} (database {})", VersionLine(),
               tls ? "https" : "http", host, (*server)->port(), DescribeDb(config.db_path));
  spdlog::debug("open files: up to {}", files);
  if ((*server)->metrics_port() != 0) {
    spdlog::info("metrics at /metrics on port {} (--metrics-listen {})", (*server)->metrics_port(),
                 config.metrics_listen);
  }
  if (!config.port_file.empty()) {
    std::ofstream(config.port_file) << (*server)->port() << "\n";
  }
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {}: shutting down", sig);
    (*server)->Shutdown();
  });
  (*server)->Wait();
  stopper.join();
  server->reset();
  spdlog::info("stopped");
  return absl::OkStatus();
}

// Logs to stderr, as text or one JSON object a line.
void SetUpLogging(const std::string& level, const std::string& format) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("hromada"));
  if (format == "json") spdlog::set_formatter(std::make_unique<JsonLogFormatter>());
  RouteGrpcLogsToSpdlog();
  spdlog::set_level(spdlog::level::from_str(level));
}

int Main(int argc, char** argv) {
  CLI::App app{"hromada-server: the hromada sync server", "hromada-server"};
  app.footer(cli::ExitCodesHelp(cli::Binary::kServer));
  app.set_config("--config", "", "read flags from a TOML/INI file");
  app.require_subcommand(1);
  app.set_version_flag("--version", absl::StrCat("hromada-server ", VersionLine()));

  ServerConfig config;
  std::string log_level = "info";
  std::string log_format = "text";
  int64_t max_clock_ahead_s = config.limits.max_clock_ahead_ms / 1000;
  CLI::App* serve = app.add_subcommand("serve", "run the sync service");
  serve->add_option("--db", config.db_path, "SQLite database file or postgresql:// URL")
      ->capture_default_str();
  serve->add_option("--listen", config.listen, "address:port to listen on")->capture_default_str();
  serve->add_option("--port-file", config.port_file, "write the bound port to this file");
  serve->add_option("--tls-cert", config.tls_cert, "PEM certificate chain (enables TLS)");
  serve->add_option("--tls-key", config.tls_key, "PEM private key");
  serve->add_flag("--insecure", config.insecure,
                  "allow plain HTTP/2 on an address that is not loopback (a closed test network)");
  serve->add_option("--workers", config.workers, "worker threads")->check(CLI::Range(1, 256));
  serve
      ->add_option("--db-connections", config.db_connections,
                   "PostgreSQL: at most this many connections at once (0: no cap)")
      ->check(CLI::Range(0, 10000))
      ->capture_default_str();
  serve
      ->add_option("--max-clock-ahead-s", max_clock_ahead_s,
                   "refuse changes stamped further ahead of the server clock")
      ->capture_default_str();
  serve->add_option("--max-push-bytes", config.limits.max_push_bytes)->capture_default_str();
  serve->add_option("--max-pull-bytes", config.limits.max_pull_bytes)->capture_default_str();
  serve
      ->add_option("--max-attachment-bytes", config.limits.max_attachment_bytes,
                   "the largest attachment (a photo, a scan) a device may send")
      ->capture_default_str();
  serve
      ->add_option("--enrol-per-minute", config.call_limits.enrol_per_minute,
                   "enrolment attempts a minute from one address (0: no limit)")
      ->capture_default_str();
  serve->add_option("--enrol-burst", config.call_limits.enrol_burst)->capture_default_str();
  serve
      ->add_option("--calls-per-device", config.call_limits.calls_per_device,
                   "calls of one device in progress at once")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  serve->add_option("--trusted-proxy", config.call_limits.trusted_proxies,
                    "a reverse proxy (CIDR, repeatable) whose x-forwarded-for names the client");
  int anonymous_read_s = config.call_limits.anonymous_read_ms / 1000;
  serve
      ->add_option("--anonymous-read-timeout-s", anonymous_read_s,
                   "an enrolment's request must arrive within this")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  int idle_s = config.network.idle_ms / 1000;
  serve
      ->add_option("--max-connection-idle-s", idle_s,
                   "close a connection that has had no call for this long")
      ->check(CLI::Range(1, 24 * 3600))
      ->capture_default_str();
  int64_t network_memory_mb = config.network.memory_bytes >> 20;
  serve
      ->add_option("--network-memory-mb", network_memory_mb,
                   "gRPC's buffers of all connections together")
      ->check(CLI::Range(16, 1 << 20))
      ->capture_default_str();
  serve->add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->capture_default_str();
  serve->add_option("--log-format", log_format, "text, or json: one JSON object a line")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve->add_option("--metrics-listen", config.metrics_listen,
                    "HOST:PORT to serve Prometheus metrics at /metrics (plain HTTP)");
  // Two plain flags, not "--reflection,!--no-reflection": CLI11's help
  // shows that one as "--no-reflection{false}", which reads as off. A
  // config file's `reflection = false` still turns it off.
  bool reflection = true, no_reflection = false;
  serve->add_flag("--no-reflection", no_reflection,
                  "turn off gRPC server reflection (on by default, for grpcurl)");
  serve->add_flag("--reflection", reflection, "keep it on (the default)");

  ServerCommands table;
  table.Add(serve, [&](CommandStreams&) {
    config.limits.max_clock_ahead_ms = max_clock_ahead_s * 1000;
    config.reflection = reflection && !no_reflection;
    config.network.idle_ms = idle_s * 1000;
    config.call_limits.anonymous_read_ms = anonymous_read_s * 1000;
    config.network.memory_bytes = network_memory_mb << 20;
    return Serve(config);
  });
  CLI::App* admin = app.add_subcommand("admin", "manage communities and devices; report");
  AddAdminCommands(*admin, table);

  bool run = false;
  absl::Status status = cli::ParseCommandLine(app, argc, argv, std::cout, std::cerr, &run);
  if (status.ok() && run) {
    SetUpLogging(log_level, log_format);
    CommandStreams streams{std::cout, std::cerr};
    status = table.RunParsed(streams);
  }
  return cli::ExitWith(status, "hromada-server", std::cerr);
}

}  // namespace
}  // namespace hromada::server

int main(int argc, char** argv) { return hromada::server::Main(argc, argv); }
