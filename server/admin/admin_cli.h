// `hromada-server admin …`: the admin and coordinator commands that work on
// the database directly (communities, devices, enrolment codes, reports,
// the audit log, backups, bundles). Each is a CLI11 subcommand with flags
// of its own, registered in the command table both binaries dispatch
// through (shared/cli/command_table.h); a command returns a Status, and
// main() prints it as one sentence and exits with the code of the one
// table the device's `hromada` uses too (shared/cli/exit_codes.h).
#ifndef HROMADA_SERVER_ADMIN_ADMIN_CLI_H_
#define HROMADA_SERVER_ADMIN_ADMIN_CLI_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/store.h"
#include "shared/cli/command_table.h"

namespace hromada::server {

// What a chosen command writes to; borrowed for the run.
struct CommandStreams {
  std::ostream& out;
  std::ostream& err;
};
using ServerCommands = cli::CommandTable<CommandStreams>;

// Adds every admin subcommand under `admin` and registers it in `table`.
void AddAdminCommands(CLI::App& admin, ServerCommands& table);

// --- for the files that define admin commands -----------------------------

// add-device, list-devices, revoke-device, retire-device, reissue-code,
// set-device (device_cli.cc).
void AddDeviceCommands(CLI::App& admin, ServerCommands& table);
// bundle import, bundle export (bundle_cli.cc).
void AddBundleCommands(CLI::App& admin, ServerCommands& table);

// Adds --db to `command`, bound to `db` (default var/hromada.db).
void AddDbFlag(CLI::App& command, std::string& db, bool postgres = true);
// --revocation-journal (or $HROMADA_REVOCATION_JOURNAL): where the admin
// commands keep the devices they cut off (server/admin/revocation_journal.h).
void AddJournalFlag(CLI::App& command, std::string& journal);

// The database `db` names (a SQLite file or a postgresql:// URL).
absl::StatusOr<std::unique_ptr<Store>> OpenDb(const std::string& db);

// "2026-11-30 11:31 UTC", or "never" for 0.
std::string FormatMs(int64_t ms);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_ADMIN_ADMIN_CLI_H_
