// The field commands of the CLI (persons, meetings, attendance, surveys,
// initiatives, the coordinator's tools). Each area adds its subcommands to
// the CLI11 app and registers, in a CommandTable, what runs when one of
// them is chosen; commands.cc opens the profile and runs it.
//
// A command returns an absl::Status: OK when done (it printed what it did),
// otherwise the one sentence to show. Nothing is written when a command
// fails before its last step; each write is one local transaction.
#ifndef HROMADA_CLIENT_CLI_FIELD_H_
#define HROMADA_CLIENT_CLI_FIELD_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <istream>
#include <ostream>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "hromada/client.h"

namespace hromada::cli {

// What a running command may use; all borrowed for the run.
struct Session {
  Client& client;
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  const ClientOptions& options;  // for the device clock
};

using Runner = std::function<absl::Status(Session&)>;

// The field commands registered on one app. Not thread-safe.
class CommandTable {
 public:
  // `runner` runs when `command` is the parsed subcommand. The runner owns
  // (shares) whatever its command's options are bound to.
  void Add(CLI::App* command, Runner runner) { entries_.emplace_back(command, std::move(runner)); }
  // The runner of the subcommand that was parsed, or nullptr.
  const Runner* Parsed() const {
    for (const auto& [command, runner] : entries_) {
      if (command->parsed()) return &runner;
    }
    return nullptr;
  }

 private:
  std::vector<std::pair<CLI::App*, Runner>> entries_;
};

void AddPersonCommands(CLI::App& app, CommandTable& table);
void AddMeetingCommands(CLI::App& app, CommandTable& table);
void AddAttendanceCommands(CLI::App& app, CommandTable& table);
void AddSurveyCommands(CLI::App& app, CommandTable& table);
// `surveys fill`, under the `surveys` command.
void AddSurveyFillCommand(CLI::App& surveys, CommandTable& table);
void AddInitiativeCommands(CLI::App& app, CommandTable& table);
void AddCoordinatorCommands(CLI::App& app, CommandTable& table);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_FIELD_H_
