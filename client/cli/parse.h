// The CLI's pure parts: field=value arguments, exit codes, the profile's
// default path, one-sentence error text. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_PARSE_H_
#define HROMADA_CLIENT_CLI_PARSE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/record.h"

namespace hromada::cli {

// Exit codes, documented in `hromada --help`.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,    // bad arguments or a value that does not fit
  kExitNetwork = 2,  // the server cannot be reached now; try again later
  kExitRefused = 3,  // the server refused (code, enrolment, version, clock...)
  kExitLocal = 4,    // the local profile cannot be used (file, disk, corrupt)
};

// `name=value` arguments of `kind` as fields: each value parsed by the
// field's type in the schema (see ParseValueText); `name=` clears.
// INVALID_ARGUMENT for an argument without `=` or with an empty name.
absl::StatusOr<Fields> ParseAssignments(absl::string_view kind,
                                        const std::vector<std::string>& args);

// The exit code for a failed command. `talked_to_server`: the command
// made network calls, so refusals are the server's.
int ExitCodeFor(const absl::Status& status, bool talked_to_server);

// "hromada: <message>." with a capital first letter: one plain sentence.
std::string ErrorSentence(absl::string_view message);

// $HROMADA_PROFILE, else $HOME/.local/share/hromada/default.db.
std::string DefaultProfilePath();

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_PARSE_H_
