// What a CLI command is, for the areas that define them (persons,
// meetings, attendance, surveys, initiatives, the coordinator's tools, the
// device and raw records). Each area adds its CLI11 subcommands to the app
// and registers, in a CommandTable, the handler that runs when one of them
// is chosen. The dispatcher (commands.cc) parses, opens the profile when
// the command needs it, runs the handler and turns its Status into the
// exit code (exit_codes.h).
//
// A handler returns an absl::Status: OK when done (it printed what it
// did), otherwise the error, whose message is the one sentence to show and
// whose code says what the person should do (exit_codes.h). A handler
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
#include "client/src/client_internal.h"
#include "hromada/client.h"

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

// The commands registered on one app. Not thread-safe.
class CommandTable {
 public:
  struct Entry {
    CLI::App* command;
    Runner runner;                 // set for a command on the profile
    PlainRunner plain;             // set for a command that needs no profile
    PathRunner on_path = nullptr;  // set for a command on the files only
  };

  // `runner` runs when `command` is the parsed subcommand. The runner owns
  // (shares) whatever its command's options are bound to.
  void Add(CLI::App* command, Runner runner) {
    entries_.push_back({command, std::move(runner), nullptr});
  }
  void AddWithoutProfile(CLI::App* command, PlainRunner plain) {
    entries_.push_back({command, nullptr, std::move(plain)});
  }
  void AddOnPath(CLI::App* command, PathRunner on_path) {
    entries_.push_back({command, nullptr, nullptr, std::move(on_path)});
  }
  // The entry of the subcommand that was parsed, or nullptr.
  const Entry* Parsed() const {
    for (const Entry& entry : entries_) {
      if (entry.command->parsed()) return &entry;
    }
    return nullptr;
  }

 private:
  std::vector<Entry> entries_;
};

// For a date flag: what is typed is read by ReadDate (records.h) and
// becomes YYYY-MM-DD; anything else is a usage error naming the flag.
CLI::Validator DateTyped();

// enrol, sync, status, rejected (sync_commands.cc).
void AddSyncCommands(CLI::App& app, CommandTable& table);
// bundle export, bundle import (bundle_commands.cc).
void AddBundleCommands(CLI::App& app, CommandTable& table);
// attachments add, list, get (attachment_commands.cc).
void AddAttachmentCommands(CLI::App& app, CommandTable& table);
// put, get, list, delete, kinds, attendance-id (record_commands.cc).
void AddRecordCommands(CLI::App& app, CommandTable& table);
void AddPersonCommands(CLI::App& app, CommandTable& table);
void AddMeetingCommands(CLI::App& app, CommandTable& table);
void AddAttendanceCommands(CLI::App& app, CommandTable& table);
void AddSurveyCommands(CLI::App& app, CommandTable& table);
// `surveys fill`, under the `surveys` command.
void AddSurveyFillCommand(CLI::App& surveys, CommandTable& table);
void AddInitiativeCommands(CLI::App& app, CommandTable& table);
void AddCoordinatorCommands(CLI::App& app, CommandTable& table);
// conflicts, conflicts resolve (conflicts.cc).
void AddConflictCommands(CLI::App& app, CommandTable& table);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_COMMAND_H_
