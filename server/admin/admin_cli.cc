#include "server/admin/admin_cli.h"

#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/admin/devices.h"
#include "server/admin/enrol_card.h"
#include "server/store/open_store.h"
#include "server/store/pg_store.h"
#include "server/store/sqlite_store.h"
#include "shared/base/clock.h"
#include "shared/base/private_file.h"
#include "shared/base/uuid.h"
#include "shared/report/render.h"
#include "shared/report/render_xlsx.h"

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

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& db) {
  return server::OpenStore(db, SystemClock::Get());
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

int64_t CodeTtlMs(const AdminFlags& f) {
  return static_cast<int64_t>(f.code_ttl_hours * 3600 * 1000);
}

void PrintGrant(const AdminFlags& f, const std::string& name, const DeviceGrant& grant) {
  if (f.json) {
    std::cout << nlohmann::json{{"device_id", IdToString(grant.device_id)},
                                {"code", grant.code},
                                {"expires_ms", grant.expires_ms}}
                     .dump()
              << "\n";
  } else {
    std::cout << "device " << name << " (" << IdToString(grant.device_id) << ")\n"
              << "enrolment code: " << grant.code
              << "  (valid until the device first syncs, expires " << FormatMs(grant.expires_ms)
              << ")\n"
              << "on the device: hromada enrol --server <URL> --code -   (then type the code)\n";
  }
}

// The enrolment as a QR code: a PNG for the field app, and the same code
// on the terminal (stderr, so that --json stays clean).
int WriteCard(const AdminFlags& f, const DeviceGrant& grant) {
  EnrolCard card{f.server_url, grant.code, f.pin};
  if (card.server_url.empty()) {
    return Fail(absl::InvalidArgumentError("--qr needs --server, the URL devices sync with"));
  }
  if (card.pin.empty() && !f.tls_cert.empty()) {
    absl::StatusOr<std::string> pin = KeyPinOfCertificate(f.tls_cert);
    if (!pin.ok()) return Fail(pin.status());
    card.pin = *pin;
  }
  const std::string uri = EnrolUri(card);
  if (absl::Status s = WriteQrPng(uri, f.qr_path); !s.ok()) return Fail(s);
  absl::StatusOr<std::string> drawn = QrForTerminal(uri);
  if (!drawn.ok()) return Fail(drawn.status());
  std::cerr << *drawn << uri << "\nQR code written to " << f.qr_path << "\n";
  return 0;
}

int AddDeviceCmd(AdminFlags f) {
  absl::StatusOr<v1::Role> role = ParseRole(f.role);
  if (!role.ok()) return Fail(role.status());
  f.device.role = *role;
  f.device.code_ttl_ms = CodeTtlMs(f);
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<DeviceGrant> grant = AddDevice(**store, SystemClock::Get(), f.device);
  if (!grant.ok()) return Fail(grant.status());
  PrintGrant(f, f.device.name, *grant);
  return f.qr_path.empty() ? 0 : WriteCard(f, *grant);
}

// Runs `fn` on the store and the device named by --device.
int WithDevice(const AdminFlags& f, const std::function<int(Store&, const Device&)>& fn) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<Device> device = FindDevice(**store, f.device_ref);
  if (!device.ok()) return Fail(device.status());
  return fn(**store, *device);
}

int Done(const absl::Status& s, const std::string& what) {
  if (!s.ok()) return Fail(s);
  std::cout << what << "\n";
  return 0;
}

int RevokeCmd(const AdminFlags& f) {
  return WithDevice(f, [&](Store& store, const Device& d) {
    return Done(RevokeDevice(store, SystemClock::Get(), d, f.reason),
                absl::StrCat("device ", d.name,
                             " revoked: its next call gets the wipe order, and "
                             "nothing it sends is applied"));
  });
}

int RetireCmd(const AdminFlags& f) {
  return WithDevice(f, [&](Store& store, const Device& d) {
    return Done(devices::Retire(store, d.id),
                absl::StrCat("device ", d.name,
                             " retiring: at its next sync it sends what it "
                             "holds, then erases itself"));
  });
}

int ReissueCmd(const AdminFlags& f) {
  return WithDevice(f, [&](Store& store, const Device& d) {
    absl::StatusOr<DeviceGrant> grant = ReissueCode(store, SystemClock::Get(), d, CodeTtlMs(f));
    if (!grant.ok()) return Fail(grant.status());
    PrintGrant(f, d.name, *grant);
    return 0;
  });
}

int SetDeviceCmd(const AdminFlags& f) {
  return WithDevice(f, [&](Store& store, const Device& d) {
    return Done(SetDevice(store, SystemClock::Get(), d, f.new_role, f.new_communities),
                absl::StrCat("device ", d.name, " changed; it learns so at its next sync"));
  });
}

int ListDevicesCmd(const AdminFlags& f) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<std::vector<Device>> devices = (*store)->ReadDevices(DeviceKey::All());
  if (!devices.ok()) return Fail(devices.status());
  absl::StatusOr<std::vector<v1::Record>> all = ListRecords(**store, "community");
  if (!all.ok()) return Fail(all.status());
  std::map<std::string, std::string> names;
  for (const v1::Record& c : *all) names[c.id()] = CommunityName(c);
  nlohmann::json out = nlohmann::json::array();
  for (const Device& d : *devices) {
    nlohmann::json communities = nlohmann::json::array();
    std::string listed;
    for (const std::string& c : d.communities) {
      const std::string name = names.count(c) ? names[c] : IdToString(c);
      communities.push_back(name);
      absl::StrAppend(&listed, listed.empty() ? "" : ",", name);
    }
    const char* role = RoleName(d.role);
    const std::string state = DeviceStateName(d);
    out.push_back({{"device_id", IdToString(d.id)},
                   {"name", d.name},
                   {"state", state},
                   {"role", role},
                   {"communities", communities},
                   {"enrolled", d.enrolled_ms != 0},
                   {"last_seen_ms", d.last_seen_ms},
                   {"last_sync_ms", d.last_sync_ms},
                   {"acked_through", d.acked_through},
                   {"pending_refusals", d.refusals},
                   {"revoked", d.revoked},
                   {"revoke_reason", d.revoke_reason}});
    if (!f.json) {
      std::cout << IdToString(d.id) << "  " << d.name << "  " << state << "  " << role << "  "
                << listed << "  last seen " << FormatMs(d.last_seen_ms) << "  last sync "
                << FormatMs(d.last_sync_ms) << "  refusals pending " << d.refusals << "\n";
    }
  }
  if (f.json) std::cout << out.dump() << "\n";
  return 0;
}

// --prepared-by, else "USER@HOST (server)", and the time now.
std::string ServerPreparedBy(const AdminFlags& f) {
  std::string name = f.prepared_by;
  if (name.empty()) {
    const char* user = std::getenv("USER");
    char host[256] = {};
    if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
    name = absl::StrCat(user != nullptr && *user != '\0' ? user : "admin", "@", host, " (server)");
  }
  return PreparedBy(name, absl::ToUnixSeconds(absl::Now()));
}

int ReportCmd(const AdminFlags& f) {
  if (absl::Status s = CheckReportFileFormat(f.format); !s.ok()) return Fail(s);
  if (f.format == "xlsx" && f.output.empty()) {
    return Fail(absl::InvalidArgumentError("a workbook is a file: give --output FILE.xlsx"));
  }
  absl::StatusOr<ReportLang> lang = ParseReportLang(f.lang);
  if (!lang.ok()) return Fail(lang.status());
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
  absl::StatusOr<std::string> text =
      RenderReportFile(*report, f.format, f.bom, RenderOptions{*lang, ServerPreparedBy(f)});
  if (!text.ok()) return Fail(text.status());
  if (f.output.empty()) {
    std::cout << *text;
    return 0;
  }
  if (absl::Status s = WritePrivateFile(f.output, *text); !s.ok()) return Fail(s);
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
    // An id as it is (a reissued device's old id is in the log, not in the
    // devices); else a device's name.
    if (absl::StatusOr<Uuid> id = Uuid::Parse(f.audit_device); id.ok()) {
      query.device_id = id->bytes();
    } else {
      absl::StatusOr<Device> device = FindDevice(**store, f.audit_device);
      if (!device.ok()) return Fail(device.status());
      query.device_id = device->id;
    }
  }
  absl::StatusOr<std::vector<AuditEntry>> entries = (*store)->ReadAudit(query);
  if (!entries.ok()) return Fail(entries.status());
  nlohmann::json out = nlohmann::json::array();
  for (const AuditEntry& e : *entries) {
    const std::string device = e.device_id.empty() ? "" : IdToString(e.device_id);
    const std::string detail = ReadableAuditDetail(e.detail);
    if (f.json) {
      out.push_back({{"seq", e.seq},
                     {"at_ms", e.at_ms},
                     {"event", e.event},
                     {"device_id", device},
                     {"detail", detail}});
    } else {
      std::cout << FormatMs(e.at_ms) << "  " << e.event << "  " << (device.empty() ? "-" : device)
                << "  " << detail << "\n";
    }
  }
  if (f.json) std::cout << out.dump() << "\n";
  return 0;
}

// PostgreSQL has its own tools for this (docs/deploy.md).
absl::Status SqliteOnly(const std::string& db, const char* what) {
  if (!IsPostgresUrl(db)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("admin ", what,
                   " copies a SQLite database; for PostgreSQL use pg_dump and pg_restore "
                   "(docs/deploy.md, \"Backup and restore\")"));
}

int BackupCmd(const AdminFlags& f) {
  if (absl::Status s = SqliteOnly(f.db_path, "backup"); !s.ok()) return Fail(s);
  if (absl::Status s = SqliteStore::Backup(f.db_path, f.backup_file); !s.ok()) return Fail(s);
  std::cout << "backup of " << f.db_path << " written to " << f.backup_file << "\n";
  return 0;
}

// A restored server has forgotten what came after the backup: the devices
// bring back their own changes (they see the new epoch), but admin work
// since then must be done again.
int RestoreCmd(const AdminFlags& f) {
  if (absl::Status s = SqliteOnly(f.db_path, "restore"); !s.ok()) return Fail(s);
  if (absl::Status s = SqliteStore::Restore(f.backup_file, f.db_path); !s.ok()) return Fail(s);
  std::cout << f.db_path << " restored from " << f.backup_file
            << " under a new epoch: at their next sync, devices send again what they wrote "
               "since the backup and pull everything anew.\n"
            << "Devices added, changed, revoked or retired since the backup must be so "
               "again (see docs/deploy.md, \"Backup and restore\").\n";
  return 0;
}

// After a PostgreSQL database is restored with pg_restore (or any copy put
// back by other means): the devices must learn that the server forgot.
int NewEpochCmd(const AdminFlags& f) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(f.db_path);
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<std::string> epoch = RenewEpoch(**store);
  if (!epoch.ok()) return Fail(epoch.status());
  std::cout << DescribeDb(f.db_path)
            << " has a new epoch: at their next sync, devices send again what the "
               "restored database lacks and pull everything anew.\n";
  return 0;
}

}  // namespace

AdminCli::AdminCli(CLI::App* admin) : bundle_(admin) {
  admin->require_subcommand(1);
  add_community_ = admin->add_subcommand("add-community", "add or update a community");
  add_device_ = admin->add_subcommand("add-device", "register a device, print its code");
  list_devices_ = admin->add_subcommand("list-devices", "list devices");
  revoke_device_ = admin->add_subcommand("revoke-device", "cut a device off; it wipes itself");
  retire_device_ = admin->add_subcommand("retire-device", "the device sends its work, then wipes");
  reissue_code_ = admin->add_subcommand("reissue-code", "a new code for a device (new phone)");
  set_device_ = admin->add_subcommand("set-device", "change a device's communities or role");
  report_ = admin->add_subcommand("report", "a coordinator report from this database");
  audit_ = admin->add_subcommand("audit", "the audit log: enrolments, merges, forms, refusals");
  backup_ = admin->add_subcommand("backup", "copy the database while it is served");
  backup_->add_option("--db", f_.db_path, "SQLite database file")->capture_default_str();
  backup_->add_option("--output", f_.backup_file, "the backup file to write (must not exist)")
      ->required();
  restore_ = admin->add_subcommand(
      "restore", "replace the database with a backup; run with the server stopped");
  restore_->add_option("--db", f_.db_path, "SQLite database file")->capture_default_str();
  restore_->add_option("--input", f_.backup_file, "the backup file")->required();
  new_epoch_ = admin->add_subcommand(
      "new-epoch", "after restoring a database by other means (pg_restore): make devices re-send");
  new_epoch_->add_option("--db", f_.db_path, "SQLite database file or postgresql:// URL")
      ->capture_default_str();
  audit_->add_option("--db", f_.db_path, "SQLite database file or postgresql:// URL")
      ->capture_default_str();
  audit_->add_flag("--json", f_.json, "print JSON");
  audit_->add_option("--since", f_.since, "from this day on, YYYY-MM-DD (UTC)");
  audit_->add_option("--device", f_.audit_device, "only this device's entries (its id or name)");
  for (CLI::App* cmd : {add_community_, add_device_, list_devices_, revoke_device_, retire_device_,
                        reissue_code_, set_device_}) {
    cmd->add_option("--db", f_.db_path, "SQLite database file or postgresql:// URL")
        ->capture_default_str();
    cmd->add_flag("--json", f_.json, "print JSON");
  }
  for (CLI::App* cmd : {revoke_device_, retire_device_, reissue_code_, set_device_}) {
    cmd->add_option("device", f_.device_ref, "the device's id or its unique name")->required();
  }
  revoke_device_->add_option("--reason", f_.reason, "why, e.g. 'lost at a checkpoint'")->required();
  reissue_code_->add_option("--code-ttl-hours", f_.code_ttl_hours)->capture_default_str();
  set_device_->add_option("--communities", f_.new_communities, "names or ids, comma-separated")
      ->delimiter(',');
  set_device_->add_option("--role", f_.new_role, "field, coordinator or network-coordinator");
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
  add_device_->add_option("--qr", f_.qr_path, "also write the enrolment as a QR code PNG");
  add_device_->add_option("--server", f_.server_url, "the URL devices sync with (for --qr)");
  add_device_->add_option("--tls-cert", f_.tls_cert, "the server's certificate, to pin its key");
  add_device_->add_option("--pin", f_.pin, "the key pin to put in the QR code, sha256//…");

  report_->add_option("--db", f_.db_path, "SQLite database file or postgresql:// URL")
      ->capture_default_str();
  report_->add_option("--community", f_.report_community,
                      "name or id (default: the whole network)");
  report_->add_option("--from", f_.from, "first day, YYYY-MM-DD");
  report_->add_option("--to", f_.to, "last day, YYYY-MM-DD");
  report_->add_option("--format", f_.format, "table, csv, json, html or xlsx (needs --output)")
      ->capture_default_str();
  report_->add_flag("--bom", f_.bom, "start a CSV with a byte-order mark (Excel on Windows)");
  report_->add_option("--output", f_.output, "write to this file instead of stdout");
  report_->add_option("--lang", f_.lang, "words for codes: uk or en")->capture_default_str();
  report_->add_option("--prepared-by", f_.prepared_by,
                      "name on the prepared-by line (default: user@host)");
}

int AdminCli::Run() {
  if (add_community_->parsed()) return AddCommunityCmd(f_);
  if (add_device_->parsed()) return AddDeviceCmd(f_);
  if (report_->parsed()) return ReportCmd(f_);
  if (revoke_device_->parsed()) return RevokeCmd(f_);
  if (retire_device_->parsed()) return RetireCmd(f_);
  if (reissue_code_->parsed()) return ReissueCmd(f_);
  if (set_device_->parsed()) return SetDeviceCmd(f_);
  if (audit_->parsed()) return AuditCmd(f_);
  if (backup_->parsed()) return BackupCmd(f_);
  if (restore_->parsed()) return RestoreCmd(f_);
  if (new_epoch_->parsed()) return NewEpochCmd(f_);
  if (bundle_.parsed()) return bundle_.Run();
  return ListDevicesCmd(f_);
}

}  // namespace hromada::server
