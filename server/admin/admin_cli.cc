// The admin commands on communities, reports, the audit log and the
// database itself (backup, restore, new-epoch), and the registration of
// every admin command. Device commands are in device_cli.cc, bundles in
// bundle_cli.cc.
#include "server/admin/admin_cli.h"

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/admin/admin.h"
#include "server/admin/revocation_journal.h"
#include "server/store/open_store.h"
#include "server/store/pg_store.h"
#include "server/store/sqlite_store.h"
#include "shared/base/clock.h"
#include "shared/base/community_names.h"
#include "shared/base/uuid.h"
#include "shared/cli/dates.h"
#include "shared/cli/report_command.h"
#include "shared/sync/record_fields.h"

namespace hromada::server {
namespace {

// --- add-community -------------------------------------------------------

struct CommunityArgs {
  std::string db = "var/hromada.db";
  bool json = false;
  CommunityInfo community;
};

absl::Status AddCommunityCmd(CommandStreams& io, const CommunityArgs& a) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenDb(a.db);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::string> id = AddCommunity(**store, SystemClock::Get(), a.community);
  if (!id.ok()) return id.status();
  if (a.json) {
    io.out << nlohmann::json{{"community_id", IdToString(*id)}}.dump() << "\n";
  } else {
    io.out << "community " << a.community.name_latin << ": " << IdToString(*id) << "\n";
  }
  return absl::OkStatus();
}

void AddAddCommunity(CLI::App& admin, ServerCommands& table) {
  auto a = std::make_shared<CommunityArgs>();
  CLI::App* cmd = admin.add_subcommand("add-community", "add or update a community");
  AddDbFlag(*cmd, a->db);
  cmd->add_flag("--json", a->json, "print JSON");
  cmd->add_option("--name-uk", a->community.name_uk, "name in Ukrainian")->required();
  cmd->add_option("--name-latin", a->community.name_latin, "official Latin name")->required();
  cmd->add_option("--oblast", a->community.oblast);
  cmd->add_option("--raion", a->community.raion);
  table.Add(cmd, [a](CommandStreams& io) { return AddCommunityCmd(io, *a); });
}

// --- report ----------------------------------------------------------------

struct ReportArgs {
  std::string db = "var/hromada.db";
  cli::ReportArgs report;
};

// Who asks for a report without --prepared-by: "USER@HOST (server)".
std::string ServerUser() {
  const char* user = std::getenv("USER");
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return absl::StrCat(user != nullptr && *user != '\0' ? user : "admin", "@", host, " (server)");
}

// The report (shared/cli/report_command.h) over the database, opened only
// once the flags are found good.
absl::Status ReportCmd(CommandStreams& io, const ReportArgs& a) {
  std::unique_ptr<Store> store;
  const auto open = [&]() -> absl::Status {
    if (store != nullptr) return absl::OkStatus();
    absl::StatusOr<std::unique_ptr<Store>> opened = OpenDb(a.db);
    if (!opened.ok()) return opened.status();
    store = *std::move(opened);
    return absl::OkStatus();
  };
  cli::ReportSource source;
  source.community = [&](absl::string_view typed) -> absl::StatusOr<std::string> {
    if (absl::Status s = open(); !s.ok()) return s;
    return CommunityId(*store, typed);
  };
  source.build = [&](const ReportQuery& query) -> absl::StatusOr<Report> {
    if (absl::Status s = open(); !s.ok()) return s;
    return RunReport(query,
                     [&](const RecordStateFn& fn) { return store->ScanStates(ReportKinds(), fn); });
  };
  source.author = [] { return absl::StatusOr<std::string>(ServerUser()); };
  source.now_seconds = absl::ToUnixSeconds(absl::Now());
  return cli::WriteReport(a.report, source, io.out);
}

void AddReport(CLI::App& admin, ServerCommands& table) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = admin.add_subcommand("report", "a coordinator report from this database");
  AddDbFlag(*cmd, a->db);
  cli::AddReportFlags(*cmd, a->report, "the whole network", "user@host");
  table.Add(cmd, [a](CommandStreams& io) { return ReportCmd(io, *a); });
}

// --- audit -----------------------------------------------------------------

struct AuditArgs {
  std::string db = "var/hromada.db";
  bool json = false;
  std::string since;   // YYYY-MM-DD once parsed
  std::string device;  // an id, or a device's name
};

// The device whose entries to show: an id as it is (a reissued device's
// old id is in the log, not among the devices); else a device's name.
absl::StatusOr<std::string> AuditDeviceId(Store& store, const std::string& typed) {
  if (absl::StatusOr<Uuid> id = Uuid::Parse(typed); id.ok()) return id->bytes();
  absl::StatusOr<Device> device = FindDevice(store, typed);
  if (!device.ok()) return device.status();
  return device->id;
}

absl::Status AuditCmd(CommandStreams& io, const AuditArgs& a) {
  AuditQuery query;
  if (!a.since.empty()) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(a.since, &day)) {  // DateTyped made it YYYY-MM-DD
      return absl::InvalidArgumentError("--since must be a date as YYYY-MM-DD");
    }
    query.since_ms = absl::ToUnixMillis(absl::FromCivil(day, absl::UTCTimeZone()));
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenDb(a.db);
  if (!store.ok()) return store.status();
  if (!a.device.empty()) {
    absl::StatusOr<std::string> id = AuditDeviceId(**store, a.device);
    if (!id.ok()) return id.status();
    query.device_id = *id;
  }
  absl::StatusOr<std::vector<AuditEntry>> entries = (*store)->ReadAudit(query);
  if (!entries.ok()) return entries.status();
  absl::StatusOr<std::vector<Device>> devices = (*store)->ReadDevices(DeviceKey::All());
  if (!devices.ok()) return devices.status();
  std::map<std::string, const Device*> by_id;
  for (const Device& d : *devices) by_id[d.id] = &d;
  nlohmann::json out = nlohmann::json::array();
  for (const AuditEntry& e : *entries) {
    const std::string device = e.device_id.empty() ? "" : IdToString(e.device_id);
    const std::string detail = ReadableAuditDetail(e.detail);
    const auto it = by_id.find(e.device_id);
    const Device* known = it == by_id.end() ? nullptr : it->second;
    if (a.json) {
      out.push_back({{"seq", e.seq},
                     {"at_ms", e.at_ms},
                     {"event", e.event},
                     {"device_id", device},
                     {"detail", detail}});
    } else {
      // The words, and the device as people know it (its label) beside its id.
      io.out << FormatMs(e.at_ms) << "  " << AuditWhat(e, known) << "  "
             << (device.empty() ? "-" : device)
             << (known != nullptr ? absl::StrCat(" (", DeviceLabel(*known), ")") : "") << "  "
             << absl::StripAsciiWhitespace(absl::StrReplaceAll(detail, {{"deleted=1", ""}}))
             << "\n";  // the words say it
    }
  }
  if (a.json) io.out << out.dump() << "\n";
  return absl::OkStatus();
}

void AddAudit(CLI::App& admin, ServerCommands& table) {
  auto a = std::make_shared<AuditArgs>();
  CLI::App* cmd =
      admin.add_subcommand("audit", "the audit log: enrolments, merges, forms, refusals");
  AddDbFlag(*cmd, a->db);
  cmd->add_flag("--json", a->json, "print JSON");
  cmd->add_option("--since", a->since, "from this day on, YYYY-MM-DD (UTC)")
      ->transform(cli::DateTyped());
  cmd->add_option("--device", a->device, "only this device's entries (its id or name)");
  table.Add(cmd, [a](CommandStreams& io) { return AuditCmd(io, *a); });
}

// --- backup, restore, new-epoch --------------------------------------------

struct CopyArgs {
  std::string db = "var/hromada.db";
  std::string file;     // backup --output, restore --input
  std::string journal;  // restore, new-epoch: --revocation-journal
};

// PostgreSQL has its own tools for this (docs/deploy.md).
absl::Status SqliteOnly(const std::string& db, const char* what) {
  if (!IsPostgresUrl(db)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("admin ", what,
                   " copies a SQLite database; for PostgreSQL use pg_dump and pg_restore "
                   "(docs/deploy.md, \"Backup and restore\")"));
}

absl::Status BackupCmd(CommandStreams& io, const CopyArgs& a) {
  if (absl::Status s = SqliteOnly(a.db, "backup"); !s.ok()) return s;
  if (absl::Status s = SqliteStore::Backup(a.db, a.file); !s.ok()) return s;
  io.out << "backup of " << a.db << " written to " << a.file << "\n";
  return absl::OkStatus();
}

// A restored server has forgotten what came after the backup: the devices
// bring back their own changes (they see the new epoch), but admin work
// since then must be done again.
absl::Status RestoreCmd(CommandStreams& io, const CopyArgs& a) {
  if (absl::Status s = SqliteOnly(a.db, "restore"); !s.ok()) return s;
  const std::string journal = RevocationJournalPath(a.db, a.journal);
  int cut_again = 0;
  const auto reapply = [&](Store& restored) -> absl::Status {
    absl::StatusOr<int> n = ReapplyRevocations(journal, restored);
    if (!n.ok()) return n.status();
    cut_again = *n;
    return absl::OkStatus();
  };
  if (absl::Status s = SqliteStore::Restore(a.file, a.db, reapply); !s.ok()) return s;
  io.out << a.db << " restored from " << a.file
         << " under a new epoch: at their next sync, devices send again what they wrote "
            "since the backup and pull everything anew.\n"
         << cut_again << " device(s) revoked or retired since the backup were cut off again ("
         << journal << ").\n"
         << "Devices added or changed since the backup must be so again (see docs/deploy.md, "
            "\"Backup and restore\").\n";
  return absl::OkStatus();
}

// After a PostgreSQL database is restored with pg_restore (or any copy put
// back by other means): the devices must learn that the server forgot.
absl::Status NewEpochCmd(CommandStreams& io, const CopyArgs& a) {
  if (IsPostgresUrl(a.db)) {
    // Before anything is written: a trigger a dump brought would run then.
    if (absl::Status s = CheckPgSchemaIsOwn(a.db); !s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenDb(a.db);
  if (!store.ok()) return store.status();
  // The devices cut off since the dump stay so (revocation_journal.h).
  const std::string journal = RevocationJournalPath(a.db, a.journal);
  absl::StatusOr<int> cut_again = ReapplyRevocations(journal, **store);
  if (!cut_again.ok()) return cut_again.status();
  if (!journal.empty()) {
    io.out << *cut_again << " device(s) revoked or retired since the backup were cut off again ("
           << journal << ").\n";
  }
  absl::StatusOr<std::string> epoch = RenewEpoch(**store);
  if (!epoch.ok()) return epoch.status();
  io.out << DescribeDb(a.db)
         << " has a new epoch: at their next sync, devices send again what the "
            "restored database lacks and pull everything anew.\n";
  return absl::OkStatus();
}

void AddDatabaseCommands(CLI::App& admin, ServerCommands& table) {
  auto backup = std::make_shared<CopyArgs>();
  CLI::App* cmd = admin.add_subcommand("backup", "copy the database while it is served");
  AddDbFlag(*cmd, backup->db, false);
  cmd->add_option("--output", backup->file, "the backup file to write (must not exist)")
      ->required();
  table.Add(cmd, [backup](CommandStreams& io) { return BackupCmd(io, *backup); });

  auto restore = std::make_shared<CopyArgs>();
  cmd = admin.add_subcommand("restore",
                             "replace the database with a backup; run with the server stopped");
  AddDbFlag(*cmd, restore->db, false);
  cmd->add_option("--input", restore->file, "the backup file")->required();
  AddJournalFlag(*cmd, restore->journal);
  table.Add(cmd, [restore](CommandStreams& io) { return RestoreCmd(io, *restore); });

  auto epoch = std::make_shared<CopyArgs>();
  cmd = admin.add_subcommand(
      "new-epoch", "after restoring a database by other means (pg_restore): make devices re-send");
  AddDbFlag(*cmd, epoch->db);
  AddJournalFlag(*cmd, epoch->journal);
  table.Add(cmd, [epoch](CommandStreams& io) { return NewEpochCmd(io, *epoch); });
}

}  // namespace

void AddJournalFlag(CLI::App& command, std::string& journal) {
  command
      .add_option("--revocation-journal", journal,
                  "the file that keeps revoked devices across restores (default: beside a "
                  "SQLite database; needed for PostgreSQL)")
      ->envname("HROMADA_REVOCATION_JOURNAL");
}

void AddDbFlag(CLI::App& command, std::string& db, bool postgres) {
  command
      .add_option("--db", db,
                  postgres ? "SQLite database file or postgresql:// URL" : "SQLite database file")
      ->capture_default_str();
}

absl::StatusOr<std::unique_ptr<Store>> OpenDb(const std::string& db) {
  return OpenStore(db, SystemClock::Get());
}

std::string FormatMs(int64_t ms) {
  if (ms == 0) return "never";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

void AddAdminCommands(CLI::App& admin, ServerCommands& table) {
  admin.require_subcommand(1);
  AddAddCommunity(admin, table);
  AddDeviceCommands(admin, table);
  AddReport(admin, table);
  AddAudit(admin, table);
  AddDatabaseCommands(admin, table);
  AddBundleCommands(admin, table);
}

}  // namespace hromada::server
