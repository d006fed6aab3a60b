#include "server/admin_cli.h"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/seed.h"
#include "server/store/sqlite_store.h"
#include "shared/clock.h"
#include "shared/report/render.h"
#include "shared/uuid.h"

namespace hromada::server {
namespace {

std::string FormatMs(int64_t ms) {
  if (ms == 0) return "never";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

int Fail(const absl::Status& status) {
  std::cerr << "hromada-server: " << status.message() << "\n";
  return 1;
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
  } else if (f.role == "network-coordinator") {
    f.device.role = v1::ROLE_NETWORK_COORDINATOR;
  } else {
    return Fail(absl::InvalidArgumentError(
        "the role must be 'field', 'coordinator' or 'network-coordinator'"));
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
    const char* role = d.role == v1::ROLE_NETWORK_COORDINATOR ? "network-coordinator"
                       : d.role == v1::ROLE_COORDINATOR       ? "coordinator"
                                                              : "field";
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

int ReportCmd(const AdminFlags& f) {
  absl::StatusOr<ReportFormat> format = ParseReportFormat(f.format);
  if (!format.ok()) return Fail(format.status());
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  ReportQuery query{"", f.from, f.to, ""};
  if (!f.report_community.empty()) {
    absl::StatusOr<v1::Record> community = FindCommunity(**store, f.report_community);
    if (!community.ok()) return Fail(community.status());
    query.community_id = IdToString(community->id());
  }
  absl::StatusOr<Report> report = RunReport(
      query, [&](const RecordStateFn& fn) { return (*store)->ScanStates(ReportKinds(), fn); });
  if (!report.ok()) return Fail(report.status());
  const std::string text = Render(*report, *format);
  if (f.output.empty()) {
    std::cout << text;
    return 0;
  }
  std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Fail(absl::UnavailableError(absl::StrCat("cannot write ", f.output)));
  std::cerr << "report written to " << f.output << "\n";
  return 0;
}

int AuditCmd(const AdminFlags& f) {
  AuditQuery query;
  if (!f.since.empty()) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(f.since, &day)) {
      return Fail(absl::InvalidArgumentError("--since must be a date as YYYY-MM-DD"));
    }
    query.since_ms = absl::ToUnixMillis(absl::FromCivil(day, absl::UTCTimeZone()));
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  if (!f.audit_device.empty()) {
    absl::StatusOr<Uuid> id = Uuid::Parse(f.audit_device);
    if (!id.ok()) return Fail(absl::InvalidArgumentError("--device must be a device id"));
    query.device_id = id->bytes();
  }
  absl::StatusOr<std::vector<AuditEntry>> entries = (*store)->ReadAudit(query);
  if (!entries.ok()) return Fail(entries.status());
  nlohmann::json out = nlohmann::json::array();
  for (const AuditEntry& e : *entries) {
    const std::string device = e.device_id.empty() ? "" : IdToString(e.device_id);
    if (f.json) {
      out.push_back({{"seq", e.seq},
                     {"at_ms", e.at_ms},
                     {"event", e.event},
                     {"device_id", device},
                     {"detail", e.detail}});
    } else {
      std::cout << FormatMs(e.at_ms) << "  " << e.event << "  " << (device.empty() ? "-" : device)
                << "  " << e.detail << "\n";
    }
  }
  if (f.json) std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

AdminCli::AdminCli(CLI::App* admin) {
  admin->require_subcommand(1);
  add_community_ = admin->add_subcommand("add-community", "add or update a community");
  add_device_ = admin->add_subcommand("add-device", "register a device, print its code");
  list_devices_ = admin->add_subcommand("list-devices", "list devices");
  report_ = admin->add_subcommand("report", "a coordinator report from this database");
  audit_ = admin->add_subcommand("audit", "the audit log: enrolments, merges, forms, refusals");
  audit_->add_option("--db", f_.db_path, "SQLite database file")->capture_default_str();
  audit_->add_flag("--json", f_.json, "print JSON");
  audit_->add_option("--since", f_.since, "from this day on, YYYY-MM-DD (UTC)");
  audit_->add_option("--device", f_.audit_device, "only this device's entries (its id)");
  for (CLI::App* cmd : {add_community_, add_device_, list_devices_}) {
    cmd->add_option("--db", f_.db_path, "SQLite database file")->capture_default_str();
    cmd->add_flag("--json", f_.json, "print JSON");
  }
  add_community_->add_option("--name-uk", f_.community.name_uk, "name in Ukrainian")->required();
  add_community_->add_option("--name-latin", f_.community.name_latin, "official Latin name")
      ->required();
  add_community_->add_option("--oblast", f_.community.oblast);
  add_community_->add_option("--raion", f_.community.raion);
  add_device_->add_option("--name", f_.device.name, "who carries it, e.g. 'Bilozerka secretary'")
      ->required();
  add_device_->add_option("--communities", f_.device.communities, "names or ids, comma-separated")
      ->delimiter(',')
      ->required();
  add_device_->add_option("--role", f_.role, "field, coordinator or network-coordinator")
      ->capture_default_str();
  add_device_->add_option("--code-ttl-hours", f_.code_ttl_hours)->capture_default_str();

  report_->add_option("--db", f_.db_path, "SQLite database file")->capture_default_str();
  report_->add_option("--community", f_.report_community,
                      "name or id (default: the whole network)");
  report_->add_option("--from", f_.from, "first day, YYYY-MM-DD");
  report_->add_option("--to", f_.to, "last day, YYYY-MM-DD");
  report_->add_option("--format", f_.format, "table, csv, json or html")->capture_default_str();
  report_->add_option("--output", f_.output, "write to this file instead of stdout");
}

int AdminCli::Run() {
  if (add_community_->parsed()) return AddCommunityCmd(f_);
  if (add_device_->parsed()) return AddDeviceCmd(f_);
  if (report_->parsed()) return ReportCmd(f_);
  if (audit_->parsed()) return AuditCmd(f_);
  return ListDevicesCmd(f_);
}

}  // namespace hromada::server
