// hromada-server: `serve` runs the sync service; `admin …` manages the
// database (communities, devices, enrolment codes). Flags may also come
// from a config file (--config, TOML/INI keys named like the flags).
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/admin.h"
#include "server/seed.h"
#include "server/server.h"
#include "server/store/sqlite_store.h"
#include "shared/uuid.h"

namespace hromada::server {
namespace {

struct AdminFlags {
  std::string db_path = "var/hromada.db";
  bool json = false;
  CommunityInfo community;
  DeviceRequest device;
  std::string role = "field";
  double code_ttl_hours = 72;
};

std::string FormatMs(int64_t ms) {
  if (ms == 0) return "never";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

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

int Fail(const absl::Status& status) {
  std::cerr << "hromada-server: " << status.message() << "\n";
  return 1;
}

int Serve(const ServerConfig& config) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread below

  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(config, &SystemClock::Get(), TestCrashPoint());
  if (!server.ok()) return Fail(server.status());
  const bool tls = !config.tls_cert.empty();
  spdlog::info("hromada-server listening on {}:// port {} (database {})", tls ? "https" : "http",
               (*server)->port(), config.db_path);
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
  return 0;
}

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& path) {
  absl::StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path);
  if (!store.ok()) return store.status();
  if ((*store)->created()) {
    if (absl::Status s = SeedCommunities(**store, SystemClock::Get()); !s.ok()) return s;
  }
  return std::unique_ptr<Store>(*std::move(store));
}

int AddCommunityCmd(const AdminFlags& f) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<std::string> id = AddCommunity(**store, SystemClock::Get(), f.community);
  if (!id.ok()) return Fail(id.status());
  if (f.json) {
    std::cout << nlohmann::json{{"community_id", IdToString(*id)}}.dump() << "\n";
  } else {
    std::cout << "community " << f.community.name_latin << ": " << IdToString(*id) << "\n";
  }
  return 0;
}

int AddDeviceCmd(AdminFlags f) {
  if (f.role == "field") {
    f.device.role = v1::ROLE_FIELD;
  } else if (f.role == "coordinator") {
    f.device.role = v1::ROLE_COORDINATOR;
  } else {
    return Fail(absl::InvalidArgumentError("the role must be 'field' or 'coordinator'"));
  }
  f.device.code_ttl_ms = static_cast<int64_t>(f.code_ttl_hours * 3600 * 1000);
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<DeviceGrant> grant = AddDevice(**store, SystemClock::Get(), f.device);
  if (!grant.ok()) return Fail(grant.status());
  if (f.json) {
    std::cout << nlohmann::json{{"device_id", IdToString(grant->device_id)},
                                {"code", grant->code},
                                {"expires_ms", grant->expires_ms}}
                     .dump()
              << "\n";
  } else {
    std::cout << "device " << f.device.name << " (" << IdToString(grant->device_id) << ")\n"
              << "enrolment code: " << grant->code << "  (one use, expires "
              << FormatMs(grant->expires_ms) << ")\n"
              << "on the device: hromada enrol --server <URL> --code " << grant->code << "\n";
  }
  return 0;
}

int ListDevicesCmd(const AdminFlags& f) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<std::vector<Device>> devices = (*store)->ListDevices();
  if (!devices.ok()) return Fail(devices.status());
  nlohmann::json out = nlohmann::json::array();
  for (const Device& d : *devices) {
    nlohmann::json communities = nlohmann::json::array();
    for (const std::string& c : d.communities) communities.push_back(IdToString(c));
    const char* role = d.role == v1::ROLE_COORDINATOR ? "coordinator" : "field";
    out.push_back({{"device_id", IdToString(d.id)},
                   {"name", d.name},
                   {"role", role},
                   {"communities", communities},
                   {"enrolled", d.enrolled_ms != 0},
                   {"last_seen_ms", d.last_seen_ms},
                   {"acked_through", d.acked_through},
                   {"revoked", d.revoked}});
    if (!f.json) {
      std::cout << IdToString(d.id) << "  " << d.name << "  " << role << "  "
                << (d.enrolled_ms ? "enrolled" : "awaiting enrolment") << "  last seen "
                << FormatMs(d.last_seen_ms) << "  changes " << d.acked_through << "\n";
    }
  }
  if (f.json) std::cout << out.dump() << "\n";
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"hromada-server: the hromada sync server"};
  app.set_config("--config", "", "read flags from a TOML/INI file");
  app.require_subcommand(1);

  ServerConfig config;
  std::string log_level = "info";
  int64_t max_clock_ahead_s = config.limits.max_clock_ahead_ms / 1000;
  CLI::App* serve = app.add_subcommand("serve", "run the sync service");
  serve->add_option("--db", config.db_path, "SQLite database file")->capture_default_str();
  serve->add_option("--listen", config.listen, "address:port to listen on")->capture_default_str();
  serve->add_option("--port-file", config.port_file, "write the bound port to this file");
  serve->add_option("--tls-cert", config.tls_cert, "PEM certificate chain (enables TLS)");
  serve->add_option("--tls-key", config.tls_key, "PEM private key");
  serve->add_option("--workers", config.workers, "worker threads")->check(CLI::Range(1, 256));
  serve
      ->add_option("--max-clock-ahead-s", max_clock_ahead_s,
                   "refuse changes stamped further ahead of the server clock")
      ->capture_default_str();
  serve->add_option("--max-push-bytes", config.limits.max_push_bytes)->capture_default_str();
  serve->add_option("--max-pull-bytes", config.limits.max_pull_bytes)->capture_default_str();
  serve->add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->capture_default_str();

  AdminFlags f;
  CLI::App* admin = app.add_subcommand("admin", "manage communities and devices");
  admin->require_subcommand(1);
  CLI::App* add_community = admin->add_subcommand("add-community", "add or update a community");
  CLI::App* add_device = admin->add_subcommand("add-device", "register a device, print its code");
  CLI::App* list_devices = admin->add_subcommand("list-devices", "list devices");
  for (CLI::App* cmd : {add_community, add_device, list_devices}) {
    cmd->add_option("--db", f.db_path, "SQLite database file")->capture_default_str();
    cmd->add_flag("--json", f.json, "print JSON");
  }
  add_community->add_option("--name-uk", f.community.name_uk, "name in Ukrainian")->required();
  add_community->add_option("--name-latin", f.community.name_latin, "official Latin name")
      ->required();
  add_community->add_option("--oblast", f.community.oblast);
  add_community->add_option("--raion", f.community.raion);
  add_device->add_option("--name", f.device.name, "who carries it, e.g. 'Bilozerka secretary'")
      ->required();
  add_device->add_option("--communities", f.device.communities, "names or ids, comma-separated")
      ->delimiter(',')
      ->required();
  add_device->add_option("--role", f.role, "field or coordinator")->capture_default_str();
  add_device->add_option("--code-ttl-hours", f.code_ttl_hours)->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  spdlog::set_default_logger(spdlog::stderr_color_mt("hromada"));
  spdlog::set_level(spdlog::level::from_str(log_level));
  if (serve->parsed()) {
    config.limits.max_clock_ahead_ms = max_clock_ahead_s * 1000;
    return Serve(config);
  }
  if (add_community->parsed()) return AddCommunityCmd(f);
  if (add_device->parsed()) return AddDeviceCmd(f);
  return ListDevicesCmd(f);
}

}  // namespace
}  // namespace hromada::server

int main(int argc, char** argv) { return hromada::server::Main(argc, argv); }
