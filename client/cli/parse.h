// The CLI's pure parts: field=value arguments and the profile's default
// path. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_CLI_PARSE_H_
#define HROMADA_CLIENT_CLI_PARSE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/record.h"

namespace hromada::cli {

// A value of `field` of `kind` as a person types it: a choice (an enum
// field) in the catalogue's words, Ukrainian or English ("жінка",
// "офлайн", shared/report/labels.h ReadChoice); a date as every date is
// typed ("1.5.2024", shared/cli/dates.h ReadDate); anything else by the
// field's type in the schema (client::ParseValueText). Empty text is Null.
// INVALID_ARGUMENT naming the field, and for a choice the words it takes.
absl::StatusOr<Value> TypedValue(absl::string_view kind, absl::string_view field,
                                 absl::string_view text);

// `name=value` arguments of `kind` as fields: each value read by
// TypedValue; `name=` clears.
// INVALID_ARGUMENT for an argument without `=` or with an empty name, and
// for a field `kind` does not have (naming the nearest and listing them).
absl::StatusOr<Fields> ParseAssignments(absl::string_view kind,
                                        const std::vector<std::string>& args);

// $HROMADA_PROFILE, else $HOME/.local/share/hromada/default.db.
std::string DefaultProfilePath();

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_PARSE_H_
