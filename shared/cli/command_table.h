// How both binaries (`hromada`, `hromada-server`) run a command. Each
// command is a CLI11 subcommand with flags of its own, registered in a
// CommandTable with the handler that runs when it is chosen; a handler
// returns an absl::Status. A main() parses with ParseCommandLine, runs the
// table's chosen handler, and ends with ExitWith, which prints a failure as
// one sentence and maps it to the exit code (exit_codes.h). So a command
// never prints its own error nor picks an exit code, and both binaries
// answer the same kind of error with the same code.
//
// `Context` is what a binary hands its handlers (streams, a profile, seams
// for tests); the table borrows nothing of it. Not thread-safe.
#ifndef HROMADA_SHARED_CLI_COMMAND_TABLE_H_
#define HROMADA_SHARED_CLI_COMMAND_TABLE_H_

#include <CLI/CLI.hpp>
#include <exception>
#include <functional>
#include <ostream>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "shared/cli/exit_codes.h"

namespace hromada::cli {

template <typename Context>
class CommandTable {
 public:
  using Handler = std::function<absl::Status(Context&)>;

  // `handler` runs when `command` is the deepest subcommand parsed. The
  // handler owns (shares) whatever the command's flags are bound to.
  void Add(CLI::App* command, Handler handler) {
    entries_.push_back({command, std::move(handler)});
  }

  // Runs the handler of the deepest parsed command that has one, after
  // ParseCommandLine. INVALID_ARGUMENT when none was parsed; a handler's
  // exception becomes INTERNAL, so a command never ends the process by
  // throwing.
  absl::Status RunParsed(Context& context) const {
    const Entry* chosen = nullptr;
    int chosen_depth = -1;
    for (const Entry& entry : entries_) {
      if (!entry.command->parsed()) continue;
      const int depth = Depth(*entry.command);
      if (depth > chosen_depth) chosen = &entry, chosen_depth = depth;
    }
    if (chosen == nullptr) return absl::InvalidArgumentError("name a command; see --help");
    try {
      return chosen->handler(context);
    } catch (const std::exception& e) {
      return absl::InternalError(absl::StrCat("unexpected failure: ", e.what()));
    }
  }

 private:
  struct Entry {
    CLI::App* command;
    Handler handler;
  };
  static int Depth(const CLI::App& app) {
    int depth = 0;
    for (const CLI::App* a = app.get_parent(); a != nullptr; a = a->get_parent()) ++depth;
    return depth;
  }
  std::vector<Entry> entries_;
};

// Parses `argv` into `app`. OK with *run true: a command was chosen, run
// it. OK with *run false: help or the version was asked for and is
// printed on `out`. INVALID_ARGUMENT: the command line is wrong, in one
// sentence (usage.h); nothing is printed for it yet.
absl::Status ParseCommandLine(CLI::App& app, int argc, const char* const* argv, std::ostream& out,
                              std::ostream& err, bool* run);

// The process's exit code for `status` (ExitCodeFor); unless it is OK,
// first prints ErrorSentence(program, message) and a newline on `err`.
int ExitWith(const absl::Status& status, absl::string_view program, std::ostream& err);

}  // namespace hromada::cli

#endif  // HROMADA_SHARED_CLI_COMMAND_TABLE_H_
