// `hromada-server admin bundle import|export`: the server's end of the
// sneakernet (server/sync/bundle.h). Each prints one line on success.
#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "server/admin/admin.h"
#include "server/admin/admin_cli.h"
#include "server/store/pg_store.h"
#include "server/sync/bundle.h"
#include "shared/base/clock.h"
#include "shared/base/uuid.h"
#include "shared/sync/bundle.h"

namespace hromada::server {
namespace {

struct BundleArgs {
  std::string db = "var/hromada.db";
  std::string file, device, output;
};

// The database, which must exist: a bundle never starts a new one.
absl::StatusOr<std::unique_ptr<Store>> ExistingDb(const std::string& db) {
  if (!IsPostgresUrl(db) && !std::filesystem::exists(db)) {
    return absl::FailedPreconditionError(absl::StrCat("there is no database ", db));
  }
  return OpenDb(db);
}

absl::Status ImportCmd(CommandStreams& io, const BundleArgs& a) {
  absl::StatusOr<std::unique_ptr<Store>> store = ExistingDb(a.db);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::string> bytes = bundle::ReadFile(a.file);
  if (!bytes.ok()) return bytes.status();
  SyncLogic logic(store->get(), &SystemClock::Get(), ServiceLimits{});
  absl::StatusOr<BundleImportReport> report = ImportDeviceBundle(logic, **store, *bytes);
  if (!report.ok()) return report.status();
  if (report->other_epoch) {
    io.out << "bundle of device " << IdToString(report->device_id)
           << " was written before this database was restored: none of its " << report->changes
           << " changes were applied; export the device's answer, and its next bundle "
              "carries them again\n";
    return absl::OkStatus();
  }
  io.out << "bundle of device " << IdToString(report->device_id) << ": " << report->changes
         << " changes, handled through " << report->acked_through << ", " << report->refused
         << " refused\n";
  return absl::OkStatus();
}

absl::Status ExportCmd(CommandStreams& io, const BundleArgs& a) {
  absl::StatusOr<std::unique_ptr<Store>> store = ExistingDb(a.db);
  if (!store.ok()) return store.status();
  absl::StatusOr<Device> device = FindDevice(**store, a.device);
  if (!device.ok()) return device.status();
  absl::StatusOr<std::string> file =
      ExportServerBundle(**store, SystemClock::Get(), ServiceLimits{}, device->id);
  if (!file.ok()) return file.status();
  if (absl::Status s = bundle::WriteFile(a.output, *file); !s.ok()) return s;
  io.out << "bundle for device " << device->name << " written to " << a.output << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddBundleCommands(CLI::App& admin, ServerCommands& table) {
  auto a = std::make_shared<BundleArgs>();
  CLI::App* bundle = admin.add_subcommand("bundle", "exchange changes with a device as a file");
  bundle->require_subcommand(1);
  // Also before the subcommand, as `admin bundle --db DB import FILE`.
  bundle->add_option("--db", a->db, "SQLite database file");
  CLI::App* import =
      bundle->add_subcommand("import", "apply a device's bundle, as its push would be");
  AddDbFlag(*import, a->db);
  import->add_option("file", a->file, "the device's bundle")->required();
  table.Add(import, [a](CommandStreams& io) { return ImportCmd(io, *a); });
  CLI::App* export_ =
      bundle->add_subcommand("export", "write a device's answer: acks, refusals, records");
  AddDbFlag(*export_, a->db);
  export_->add_option("--device", a->device, "the device's id or its unique name")->required();
  export_->add_option("--output", a->output, "the file to write")->required();
  table.Add(export_, [a](CommandStreams& io) { return ExportCmd(io, *a); });
}

}  // namespace hromada::server
