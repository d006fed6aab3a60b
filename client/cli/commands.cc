#include "client/cli/commands.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/parse.h"
#include "client/cli/protect.h"
#include "client/src/store/profile_lock.h"
#include "shared/base/private_file.h"
#include "shared/base/version.h"
#include "shared/cli/command_table.h"
#include "shared/cli/exit_codes.h"

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

// Opens and unlocks the profile (protect.h says where the passphrase
// comes from, unless the caller's options carry one).
absl::StatusOr<std::unique_ptr<Client>> OpenProfile(const ProfileArgs& args,
                                                    ClientOptions options) {
  if (absl::Status s = MakePrivateFolders(args.path); !s.ok()) return FromProfile(s);
  // In use (by hromada ui, say): said before a passphrase is asked for.
  // Client::Open takes the lock for good; this look only words it early.
  if (auto in_use = client::ProfileLock::Acquire(args.path);
      !in_use.ok() && in_use.status().code() == absl::StatusCode::kAborted) {
    return FromProfile(in_use.status());
  }
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

void AddAllCommands(CLI::App& app, ProfileCommands& table, const CliContext& context) {
  AddSyncCommands(app, table);
  AddBundleCommands(app, table);
  AddAttachmentCommands(app, table);
  AddRecordCommands(app, table);
  AddPersonCommands(app, table);
  AddMeetingCommands(app, table);
  AddAttendanceCommands(app, table);
  AddSurveyCommands(app, table);
  AddImportCommands(app, table);
  AddInitiativeCommands(app, table);
  AddCoordinatorCommands(app, table);
  AddConflictCommands(app, table);
  AddProtectCommands(app, table);
  AddUiCommand(app, table, context);
}

}  // namespace

absl::Status RunOnProfile(Invocation& invocation, const Runner& runner) {
  CliContext& ctx = invocation.context;
  absl::StatusOr<std::unique_ptr<Client>> client = OpenProfile(invocation.profile, ctx.options);
  if (!client.ok()) return client.status();
  std::istream& in = ctx.in != nullptr ? *ctx.in : std::cin;
  Session session{**client, *ctx.out, *ctx.err, in, ctx.options, ctx.live_progress};
  return runner(session);
}

int RunCli(int argc, const char* const* argv, CliContext& ctx) {
  ProfileArgs profile;
  profile.path = DefaultProfilePath();
  CLI::App app{kAbout, "hromada"};
  app.footer(
      absl::StrCat(ExitCodesHelp(Binary::kDevice), "\n\n", kProfileHelp, "\n", kPassphraseHelp));
  app.require_subcommand(1);
  app.set_version_flag("--version", absl::StrCat("hromada ", VersionLine()));
  app.add_option("--profile", profile.path, "the profile file (one per device)");
  app.add_option("--passphrase-file", profile.passphrase_file,
                 "read the profile's passphrase from this file (first line)");
  ProfileCommands table;
  AddAllCommands(app, table, ctx);
  app.get_subcommand("enrol")
      ->add_option("--max-passphrase-tries", profile.max_tries,
                   "wrong passphrases in a row before the key is destroyed (default 10; set "
                   "when the profile is created)")
      ->check(CLI::Range(1, 1000));
  bool run = false;
  absl::Status status = ParseCommandLine(app, argc, argv, *ctx.out, *ctx.err, &run);
  if (status.ok() && run) {
    Invocation invocation{profile, ctx};
    status = table.table().RunParsed(invocation);
  }
  return ExitWith(status, "hromada", *ctx.err);
}

}  // namespace hromada::cli
