#include "client/cli/commands.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/exit_codes.h"
#include "client/cli/parse.h"
#include "client/cli/usage.h"

namespace hromada::cli {
namespace {

constexpr char kAbout[] =
    "hromada: the offline-first field client. Edits are saved on this device at once and sent "
    "to the server by `hromada sync`.";
constexpr char kProfileHelp[] =
    "The profile is --profile, else $HROMADA_PROFILE, else ~/.local/share/hromada/default.db.";

absl::StatusOr<std::unique_ptr<Client>> OpenProfile(const std::string& profile,
                                                    const ClientOptions& options) {
  const std::filesystem::path path(profile);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create the folder ", path.parent_path().string(), ": ", ec.message()));
    }
  }
  return Client::Open(profile, options);
}

// Runs the parsed command: on the profile if it needs one.
absl::Status Run(const CommandTable::Entry& entry, const std::string& profile, CliContext& ctx) {
  if (entry.plain) return entry.plain(*ctx.out);
  absl::StatusOr<std::unique_ptr<Client>> client = OpenProfile(profile, ctx.options);
  if (!client.ok()) return FromProfile(client.status());
  std::istream& in = ctx.in != nullptr ? *ctx.in : std::cin;
  Session session{**client, *ctx.out, *ctx.err, in, ctx.options, ctx.live_progress};
  return entry.runner(session);
}

void AddAllCommands(CLI::App& app, CommandTable& table) {
  AddSyncCommands(app, table);
  AddRecordCommands(app, table);
  AddPersonCommands(app, table);
  AddMeetingCommands(app, table);
  AddAttendanceCommands(app, table);
  AddSurveyCommands(app, table);
  AddInitiativeCommands(app, table);
  AddCoordinatorCommands(app, table);
}

// Parses and runs; help and its exit code are CLI11's.
absl::Status ParseAndRun(CLI::App& app, const CommandTable& table, const std::string& profile,
                         int argc, const char* const* argv, CliContext& ctx) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != static_cast<int>(CLI::ExitCodes::Success)) return UsageError(app, e);
    app.exit(e, *ctx.out, *ctx.err);
    return absl::OkStatus();
  }
  const CommandTable::Entry* entry = table.Parsed();
  if (entry == nullptr) return absl::InvalidArgumentError("name a command; see `hromada --help`");
  try {
    return Run(*entry, profile, ctx);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("unexpected failure: ", e.what()));
  }
}

}  // namespace

int RunCli(int argc, const char* const* argv, CliContext& ctx) {
  std::string profile = DefaultProfilePath();
  CLI::App app{kAbout};
  app.footer(absl::StrCat(ExitCodesHelp(), "\n\n", kProfileHelp));
  app.require_subcommand(1);
  app.add_option("--profile", profile, "the profile file (one per device)");
  CommandTable table;
  AddAllCommands(app, table);
  const absl::Status status = ParseAndRun(app, table, profile, argc, argv, ctx);
  if (!status.ok()) *ctx.err << ErrorSentence(status.message()) << "\n";
  return ExitCodeFor(status);
}

}  // namespace hromada::cli
