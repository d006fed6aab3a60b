#include "server/admin/bundle_cli.h"

#include <filesystem>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "server/admin/admin.h"
#include "server/store/open_store.h"
#include "server/store/pg_store.h"
#include "server/sync/bundle.h"
#include "shared/base/uuid.h"
#include "shared/sync/bundle.h"

namespace hromada::server {
namespace {

int Fail(const absl::Status& status) {
  std::cerr << "hromada-server: " << status.message() << "\n";
  return 1;
}

}  // namespace

BundleCli::BundleCli(CLI::App* admin) {
  CLI::App* bundle = admin->add_subcommand("bundle", "exchange changes with a device as a file");
  bundle->require_subcommand(1);
  // Also before the subcommand, as `admin bundle --db DB import FILE`.
  bundle->add_option("--db", db_path_, "SQLite database file");
  import_ = bundle->add_subcommand("import", "apply a device's bundle, as its push would be");
  export_ = bundle->add_subcommand("export", "write a device's answer: acks, refusals, records");
  for (CLI::App* cmd : {import_, export_}) {
    cmd->add_option("--db", db_path_, "SQLite database file or postgresql:// URL")
        ->capture_default_str();
  }
  import_->add_option("file", file_, "the device's bundle")->required();
  export_->add_option("--device", device_ref_, "the device's id or its unique name")->required();
  export_->add_option("--output", output_, "the file to write")->required();
}

bool BundleCli::parsed() const { return import_->parsed() || export_->parsed(); }

int BundleCli::Run() const {
  if (!IsPostgresUrl(db_path_) && !std::filesystem::exists(db_path_)) {
    return Fail(absl::FailedPreconditionError(absl::StrCat("there is no database ", db_path_)));
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(db_path_, SystemClock::Get());
  if (!store.ok()) return Fail(store.status());
  if (import_->parsed()) {
    absl::StatusOr<std::string> bytes = bundle::ReadFile(file_);
    if (!bytes.ok()) return Fail(bytes.status());
    SyncLogic logic(store->get(), &SystemClock::Get(), ServiceLimits{});
    absl::StatusOr<BundleImportReport> report = ImportDeviceBundle(logic, **store, *bytes);
    if (!report.ok()) return Fail(report.status());
    if (report->other_epoch) {
      std::cout << "bundle of device " << IdToString(report->device_id)
                << " was written before this database was restored: none of its " << report->changes
                << " changes were applied; export the device's answer, and its next bundle "
                   "carries them again\n";
      return 0;
    }
    std::cout << "bundle of device " << IdToString(report->device_id) << ": " << report->changes
              << " changes, handled through " << report->acked_through << ", " << report->refused
              << " refused\n";
    return 0;
  }
  absl::StatusOr<Device> device = FindDevice(**store, device_ref_);
  if (!device.ok()) return Fail(device.status());
  absl::StatusOr<std::string> file =
      ExportServerBundle(**store, SystemClock::Get(), ServiceLimits{}, device->id);
  if (!file.ok()) return Fail(file.status());
  if (absl::Status s = bundle::WriteFile(output_, *file); !s.ok()) return Fail(s);
  std::cout << "bundle for device " << device->name << " written to " << output_ << "\n";
  return 0;
}

}  // namespace hromada::server
