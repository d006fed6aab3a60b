// What the dispatcher says when the command line itself is wrong: a CLI11
// parse error as one sentence, naming the nearest subcommand or option
// when a name looks mistyped ("no command 'persons ad'; did you mean
// 'persons add'?"). CLI11 parses but does not suggest, hence this. The
// root app's name is the program's, as help names it ("see `hromada-server
// admin --help`").
// Stateless; thread-safe for distinct apps.
#ifndef HROMADA_SHARED_CLI_USAGE_H_
#define HROMADA_SHARED_CLI_USAGE_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hromada::cli {

// The name in `names` that `typed` most likely mistypes: the nearest by
// edit distance (a swap of neighbouring letters is one edit) when at most
// a third of the letters (at least one) are wrong, else the only name that
// starts with `typed` (two letters or more); "" when none fits. Ties go to
// the earlier name.
std::string NearestName(absl::string_view typed, const std::vector<std::string>& names);

// INVALID_ARGUMENT with one sentence saying what is wrong with the command
// line `app` failed to parse with `error`. `app` is the root app after the
// failed parse (it tells how far the parse got); `error` is not a call
// for help.
absl::Status UsageError(CLI::App& app, const CLI::ParseError& error);

}  // namespace hromada::cli

#endif  // HROMADA_SHARED_CLI_USAGE_H_
