#include "shared/cli/command_table.h"

#include "shared/cli/usage.h"

namespace hromada::cli {

absl::Status ParseCommandLine(CLI::App& app, int argc, const char* const* argv, std::ostream& out,
                              std::ostream& err, bool* run) {
  *run = false;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version arrive as "errors" whose exit code is success.
    if (e.get_exit_code() != static_cast<int>(CLI::ExitCodes::Success)) return UsageError(app, e);
    app.exit(e, out, err);
    return absl::OkStatus();
  }
  *run = true;
  return absl::OkStatus();
}

int ExitWith(const absl::Status& status, absl::string_view program, std::ostream& err) {
  if (!status.ok()) err << ErrorSentence(program, status.message()) << "\n";
  return ExitCodeFor(status);
}

}  // namespace hromada::cli
