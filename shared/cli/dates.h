// Dates as people type them on either binary's command line: ISO, or day
// first with dots as dates are written in Ukraine. `hromada meetings add
// --date 1.5.2024` and `hromada-server admin report --from 1.5.2024` read
// the same day. Stateless; thread-safe.
#ifndef HROMADA_SHARED_CLI_DATES_H_
#define HROMADA_SHARED_CLI_DATES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

// Declared only: CLI11 costs seconds of compile time in every source that
// includes it, and most that include this header only read dates.
namespace CLI {
class Validator;
}  // namespace CLI

namespace hromada::cli {

// A date as field staff type it, written YYYY-MM-DD: "2024-05-01",
// "2024-5-1", or day first with dots, "1.5.2024" or "01.05.2024". nullopt
// if it is not a real date so typed (slashes are refused: day or month
// first cannot be told).
std::optional<std::string> ReadDate(absl::string_view text);

// For a date flag, as a CLI11 transform: what is typed is read by ReadDate
// and becomes YYYY-MM-DD; anything else is a usage error naming the flag
// ("there is no day 31.02.2024" when it is shaped as a date).
CLI::Validator DateTyped();

}  // namespace hromada::cli

#endif  // HROMADA_SHARED_CLI_DATES_H_
