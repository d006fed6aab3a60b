// Help text for a flag whose value is one of a schema field's choices
// (gender, meeting format, organisation kind, initiative status,
// attendance mode and role...), generated from shared/sync/schema.h so
// that help never lists a choice the schema lacks, nor misses one it has.
// Stateless; thread-safe.
#ifndef HROMADA_SHARED_CLI_CHOICES_H_
#define HROMADA_SHARED_CLI_CHOICES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada::cli {

// "a, b or c": `words` in a sentence.
std::string OneOf(const std::vector<std::string>& words);

// The choices of enum field `field` of `kind` as OneOf lists them, after
// `lead` and ": " when `lead` is not empty ("gender: female, male, other or
// unknown"). The program stops at start-up (std::logic_error) when the
// schema has no such enum field: a help string naming a field that is
// not there is a bug every run shows.
std::string ChoicesHelp(absl::string_view kind, absl::string_view field,
                        absl::string_view lead = "");

}  // namespace hromada::cli

#endif  // HROMADA_SHARED_CLI_CHOICES_H_
