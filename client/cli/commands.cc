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
#include "client/cli/protect.h"
#include "client/cli/usage.h"
#include "shared/base/private_file.h"
#include "shared/base/version.h"

namespace hromada::cli {
namespace {

constexpr char kAbout[] =
    "hromada: the offline-first field client. Edits are saved on this device at once and sent "
    "to the server by `hromada sync`.";
constexpr char kProfileHelp[] =
    "The profile is --profile, else $HROMADA_PROFILE, else ~/.local/share/hromada/default.db.";
constexpr char kPassphraseHelp[] =
    "The profile is encrypted: its passphrase is read from --passphrase-file, else "
    "$HROMADA_PASSPHRASE, else typed at a prompt (twice for a new profile).";

// Flags every command shares, about the profile.
struct ProfileArgs {
  std::string path = DefaultProfilePath();
  std::string passphrase_file;
  int max_tries = 0;  // enrol --max-passphrase-tries
};

// Opens and unlocks the profile (protect.h says where the passphrase
// comes from, unless the caller's options carry one).
absl::StatusOr<std::unique_ptr<Client>> OpenProfile(const ProfileArgs& args,
                                                    ClientOptions options) {
  if (absl::Status s = MakePrivateFolders(args.path); !s.ok()) return FromProfile(s);
  if (options.settings.passphrase.empty() && !options.settings.key_provider) {
    absl::StatusOr<std::string> pass = ProfilePassphrase(args.path, args.passphrase_file);
    if (!pass.ok()) return pass.status();
    options.settings.passphrase = *std::move(pass);
  }
  if (args.max_tries > 0) options.settings.max_passphrase_failures = args.max_tries;
  absl::StatusOr<std::unique_ptr<Client>> client = OpenClient(args.path, options);
  if (!client.ok()) return FromProfile(client.status());
  return client;
}

// Runs the parsed command: on the profile if it needs one.
absl::Status Run(const CommandTable::Entry& entry, const ProfileArgs& profile, CliContext& ctx) {
  if (entry.plain) return entry.plain(*ctx.out);
  if (entry.on_path) return entry.on_path(profile.path, *ctx.out);
  absl::StatusOr<std::unique_ptr<Client>> client = OpenProfile(profile, ctx.options);
  if (!client.ok()) return client.status();
  std::istream& in = ctx.in != nullptr ? *ctx.in : std::cin;
  Session session{**client, *ctx.out, *ctx.err, in, ctx.options, ctx.live_progress};
  return entry.runner(session);
}

void AddAllCommands(CLI::App& app, CommandTable& table) {
  AddSyncCommands(app, table);
  AddBundleCommands(app, table);
  AddAttachmentCommands(app, table);
  AddRecordCommands(app, table);
  AddPersonCommands(app, table);
  AddMeetingCommands(app, table);
  AddAttendanceCommands(app, table);
  AddSurveyCommands(app, table);
  AddInitiativeCommands(app, table);
  AddCoordinatorCommands(app, table);
  AddConflictCommands(app, table);
  AddProtectCommands(app, table);
}

// Parses and runs; help and its exit code are CLI11's.
absl::Status ParseAndRun(CLI::App& app, const CommandTable& table, const ProfileArgs& profile,
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
  ProfileArgs profile;
  CLI::App app{kAbout};
  app.footer(absl::StrCat(ExitCodesHelp(), "\n\n", kProfileHelp, "\n", kPassphraseHelp));
  app.require_subcommand(1);
  app.set_version_flag("--version", absl::StrCat("hromada ", VersionLine()));
  app.add_option("--profile", profile.path, "the profile file (one per device)");
  app.add_option("--passphrase-file", profile.passphrase_file,
                 "read the profile's passphrase from this file (first line)");
  CommandTable table;
  AddAllCommands(app, table);
  app.get_subcommand("enrol")
      ->add_option("--max-passphrase-tries", profile.max_tries,
                   "wrong passphrases in a row before the key is destroyed (default 10; set "
                   "when the profile is created)")
      ->check(CLI::Range(1, 1000));
  const absl::Status status = ParseAndRun(app, table, profile, argc, argv, ctx);
  if (!status.ok()) *ctx.err << ErrorSentence(status.message()) << "\n";
  return ExitCodeFor(status);
}

}  // namespace hromada::cli
