#include "client/cli/parse.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "client/src/values.h"

namespace hromada::cli {

absl::StatusOr<Fields> ParseAssignments(absl::string_view kind,
                                        const std::vector<std::string>& args) {
  Fields fields;
  for (const std::string& arg : args) {
    const size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", arg, "' is not a field=value pair (use field= to clear a field)"));
    }
    const std::string name = arg.substr(0, eq);
    absl::StatusOr<Value> value =
        client::ParseValueText(kind, name, absl::string_view(arg).substr(eq + 1));
    if (!value.ok()) return value.status();
    if (!fields.emplace(name, *std::move(value)).second) {
      return absl::InvalidArgumentError(absl::StrCat("'", name, "' is given twice"));
    }
  }
  return fields;
}

std::string DefaultProfilePath() {
  const char* env = std::getenv("HROMADA_PROFILE");
  if (env != nullptr && env[0] != '\0') return env;
  const char* home = std::getenv("HOME");
  return absl::StrCat(home && home[0] ? home : ".", "/.local/share/hromada/default.db");
}

}  // namespace hromada::cli
