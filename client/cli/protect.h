// The CLI's side of encryption at rest (docs/security.md): where a
// profile's passphrase comes from, private files and folders, and the
// commands `passphrase change` and `wipe`.
//
// A passphrase comes from, first found: --passphrase-file FILE (its first
// line), $HROMADA_PASSPHRASE, or a prompt on the terminal (/dev/tty, no
// echo). A new one (a profile without a key yet) is asked twice and must
// have at least 8 characters.
#ifndef HROMADA_CLIENT_CLI_PROTECT_H_
#define HROMADA_CLIENT_CLI_PROTECT_H_

#include <CLI/CLI.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/cli/command.h"

namespace hromada::cli {

// The passphrase for the profile at `profile`; `file` is --passphrase-file
// ("" if not given). INVALID_ARGUMENT when a new one is too short or the
// two typed differ; FAILED_PRECONDITION when there is no source.
absl::StatusOr<std::string> ProfilePassphrase(const std::string& profile, const std::string& file);

// passphrase change, wipe.
void AddProtectCommands(CLI::App& app, ProfileCommands& table);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_PROTECT_H_
