// What a CLI command is, for the areas that define them (persons,
// meetings, attendance, surveys, initiatives, the coordinator's tools, the
// device and raw records). Each area adds its CLI11 subcommands to the app
// and registers, in ProfileCommands, the handler that runs when one of
// them is chosen. The dispatcher (commands.cc) parses, opens the profile
// when the command needs it, runs the handler and turns its Status into
// the exit code (shared/cli/exit_codes.h), as `hromada-server` does.
//
// A handler returns an absl::Status: OK when done (it printed what it
// did), otherwise the error, whose message is the one sentence to show and
// whose code says what the person should do (shared/cli/exit_codes.h). A handler
// marks what the server answered with FromServer. Nothing is written when
// a command fails before its last step; each write is one local
// transaction.
#ifndef HROMADA_CLIENT_CLI_COMMAND_H_
#define HROMADA_CLIENT_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "client/cli/commands.h"
#include "hromada/client.h"
#include "shared/cli/command_table.h"
#include "shared/cli/dates.h"

namespace hromada::cli {

// What a running command may use; all borrowed for the run.
struct Session {
  Client& client;
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  const ClientOptions& options;  // for the device clock
  bool live_progress;            // redraw a progress line on `err` during sync
};

// A command on the profile, and one that needs none (it only prints).
using Runner = std::function<absl::Status(Session&)>;
using PlainRunner = std::function<absl::Status(std::ostream& out)>;
// A command on the profile's files that must not unlock it (wipe).
using PathRunner = std::function<absl::Status(const std::string& profile, std::ostream& out)>;

// The flags every command shares, about the profile.
struct ProfileArgs {
  std::string path;
  std::string passphrase_file;
  int max_tries = 0;  // enrol --max-passphrase-tries
};

// What the dispatcher hands a chosen command: the profile flags and the
// run's streams and seams (commands.h). Borrowed for the run.
struct Invocation {
  const ProfileArgs& profile;
  CliContext& context;
};

// Opens and unlocks the profile, then runs `runner` on it (commands.cc).
absl::Status RunOnProfile(Invocation& invocation, const Runner& runner);

// The hromada commands, over the table both binaries dispatch through
// (shared/cli/command_table.h): each area registers its subcommands by
// what they need. Not thread-safe.
class ProfileCommands {
 public:
  // `runner` runs on the unlocked profile when `command` is chosen. The
  // runner owns (shares) whatever its command's options are bound to.
  void Add(CLI::App* command, Runner runner) {
    table_.Add(command,
               [runner = std::move(runner)](Invocation& i) { return RunOnProfile(i, runner); });
  }
  // A command that needs no profile (it only prints).
  void AddWithoutProfile(CLI::App* command, PlainRunner plain) {
    table_.Add(command,
               [plain = std::move(plain)](Invocation& i) { return plain(*i.context.out); });
  }
  // A command on the profile's files that must not unlock it (wipe).
  void AddOnPath(CLI::App* command, PathRunner on_path) {
    table_.Add(command, [on_path = std::move(on_path)](Invocation& i) {
      return on_path(i.profile.path, *i.context.out);
    });
  }
  const CommandTable<Invocation>& table() const { return table_; }

 private:
  CommandTable<Invocation> table_;
};

// enrol, sync, status, rejected (sync_commands.cc).
void AddSyncCommands(CLI::App& app, ProfileCommands& table);
// bundle export, bundle import (bundle_commands.cc).
void AddBundleCommands(CLI::App& app, ProfileCommands& table);
// attachments add, list, get (attachment_commands.cc).
void AddAttachmentCommands(CLI::App& app, ProfileCommands& table);
// put, get, list, delete, kinds, attendance-id (record_commands.cc).
void AddRecordCommands(CLI::App& app, ProfileCommands& table);
void AddPersonCommands(CLI::App& app, ProfileCommands& table);
void AddMeetingCommands(CLI::App& app, ProfileCommands& table);
void AddAttendanceCommands(CLI::App& app, ProfileCommands& table);
void AddSurveyCommands(CLI::App& app, ProfileCommands& table);
// `surveys fill`, under the `surveys` command.
void AddSurveyFillCommand(CLI::App& surveys, ProfileCommands& table);
// import persons (import_persons.cc), import attendance (import_attendance.cc).
void AddImportCommands(CLI::App& app, ProfileCommands& table);
void AddImportAttendanceCommand(CLI::App& import, ProfileCommands& table);
void AddInitiativeCommands(CLI::App& app, ProfileCommands& table);
void AddCoordinatorCommands(CLI::App& app, ProfileCommands& table);
// conflicts, conflicts resolve (conflicts.cc).
void AddConflictCommands(CLI::App& app, ProfileCommands& table);
// ui (ui_command.cc): serves client/ui with the run's seams.
void AddUiCommand(CLI::App& app, ProfileCommands& table, const CliContext& context);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_COMMAND_H_
