// How a command's outcome ends the process: the one table from an
// absl::Status to the exit codes `hromada --help` and the README document,
// and the one sentence a failure prints. The dispatcher (commands.cc) is
// its only caller; commands return a Status and never pick an exit code.
// Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_EXIT_CODES_H_
#define HROMADA_CLIENT_CLI_EXIT_CODES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,    // bad arguments or a value that does not fit
  kExitNetwork = 2,  // the server cannot be reached now; try again later
  kExitRefused = 3,  // the server refused (code, enrolment, version, clock...)
  kExitLocal = 4,    // the local profile cannot be used (file, disk, corrupt)
};

// One status code means different things to the person at the keyboard
// depending on who said it: FAILED_PRECONDITION from the server (app too
// old, clock too far ahead) is a refusal, 3; from this device (already
// enrolled) it asks them to change what they typed, 1. A command marks
// what the server answered with FromServer; the dispatcher marks a failure
// to open the profile with FromProfile. Both return `status` itself (with
// a payload) and leave OK as OK.
absl::Status FromServer(absl::Status status);
absl::Status FromProfile(absl::Status status);

// The exit code for `status`, by its code and its mark; the table is in
// exit_codes.cc.
int ExitCodeFor(const absl::Status& status);

// The "Exit codes:" lines of `hromada --help`, kept next to the table.
const char* ExitCodesHelp();

// "hromada: <message>." with a capital first letter, on one line: the one
// plain sentence a failed command prints on stderr. It is valid UTF-8 and
// cut after 1000 bytes of the message (what was typed is echoed in it).
std::string ErrorSentence(absl::string_view message);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_EXIT_CODES_H_
