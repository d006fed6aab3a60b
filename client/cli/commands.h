// The hromada CLI's one dispatcher: every command is a CLI11 subcommand
// (command.h) whose handler returns an absl::Status, and RunCli turns that
// Status into the exit code (exit_codes.h) and, on failure, one sentence
// on stderr. RunCli is main() without the process: tests call it with
// their own streams and options.
#ifndef HROMADA_CLIENT_CLI_COMMANDS_H_
#define HROMADA_CLIENT_CLI_COMMANDS_H_

#include <istream>
#include <ostream>

#include "client/src/client_internal.h"

namespace hromada::cli {

struct CliContext {
  std::ostream* out;
  std::ostream* err;
  ClientOptions options;       // seams for tests
  bool live_progress = true;   // redraw a progress line on `err` during sync
  std::istream* in = nullptr;  // answers typed at prompts; nullptr: std::cin
};

// Parses `argv` and runs one command. Returns the process exit code (see
// ExitCodeFor in exit_codes.h); errors are one sentence on `err`, help
// goes to `out`. Never throws. The streams are borrowed for the call.
int RunCli(int argc, const char* const* argv, CliContext& context);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_COMMANDS_H_
