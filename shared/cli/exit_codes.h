// How a command's outcome ends the process, for both binaries (`hromada`
// and `hromada-server`): the one table from an absl::Status to an exit
// code, which `--help` of each and the README document, and the one
// sentence a failure prints. The dispatcher (command_table.h) is its only
// caller; commands return a Status and never pick an exit code.
// Stateless; thread-safe.
#ifndef HROMADA_SHARED_CLI_EXIT_CODES_H_
#define HROMADA_SHARED_CLI_EXIT_CODES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,    // bad arguments or a value that does not fit
  kExitNetwork = 2,  // a server (sync server, PostgreSQL) cannot be reached now; try again later
  kExitRefused = 3,  // the sync server refused (code, enrolment, version, clock...)
  kExitLocal = 4,    // this machine's data cannot be used (profile, database: file, disk, corrupt)
};

// One status code means different things to the person at the keyboard
// depending on who said it: FAILED_PRECONDITION from the sync server (app
// too old, clock too far ahead) is a refusal, 3; from this machine (already
// enrolled, a backup over an existing file) it asks them to change what
// they typed, 1. A device command marks what the sync server answered with
// FromServer; the device's dispatcher marks a failure to open the profile
// with FromProfile. Unmarked, a status is this machine's own (the admin
// commands on the server's database never mark). Both return `status`
// itself (with a payload) and leave OK as OK.
absl::Status FromServer(absl::Status status);
absl::Status FromProfile(absl::Status status);

// The exit code for `status`, by its code and its mark; the table is in
// exit_codes.cc.
int ExitCodeFor(const absl::Status& status);

// The binary whose `--help` lists the codes: the device's says what 3 and
// 4 mean there; the server's has no 3 (nothing answers it).
enum class Binary { kDevice, kServer };

// The "Exit codes:" lines of `--help`, kept next to the table.
const char* ExitCodesHelp(Binary binary);

// "<program>: <message>." with a capital first letter, on one line: the
// one plain sentence a failed command prints on stderr. It is valid UTF-8
// and cut after 1000 bytes of the message (what was typed is echoed in it).
std::string ErrorSentence(absl::string_view program, absl::string_view message);

}  // namespace hromada::cli

#endif  // HROMADA_SHARED_CLI_EXIT_CODES_H_
