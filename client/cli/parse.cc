#include "client/cli/parse.h"

#include <cstdlib>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/src/store/values.h"
#include "shared/base/edit_distance.h"
#include "shared/cli/dates.h"
#include "shared/report/labels.h"
#include "shared/sync/schema.h"

namespace hromada::cli {
namespace {

// A field the kind does not have is a typo here, not a newer schema's
// field: refuse it with the nearest name and the list.
absl::Status CheckFieldName(absl::string_view kind, absl::string_view name) {
  const KindSpec* spec = FindKind(kind);
  if (spec == nullptr || spec->Find(name) != nullptr) return absl::OkStatus();
  std::vector<std::string> names;
  std::string nearest;
  double best = 3;  // at most two edits away
  for (const FieldSpec& f : spec->fields) {
    names.push_back(f.name);
    const double d = EditDistance(name, f.name);
    if (d < best) best = d, nearest = f.name;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("a ", kind, " has no field '", name, "'",
                   nearest.empty() ? "" : absl::StrCat("; did you mean '", nearest, "'?"),
                   " (fields: ", absl::StrJoin(names, ", "), ")"));
}

}  // namespace

absl::StatusOr<Value> TypedValue(absl::string_view kind, absl::string_view field,
                                 absl::string_view text) {
  const KindSpec* kind_spec = FindKind(kind);
  const FieldSpec* spec = kind_spec ? kind_spec->Find(field) : nullptr;
  if (spec != nullptr && spec->type == FieldType::kDate && !text.empty()) {
    // The one date reader: "1.5.2024" is 2024-05-01 in `put` as in flags.
    if (std::optional<std::string> date = ReadDate(text); date.has_value()) return *date;
    return absl::InvalidArgumentError(
        absl::StrCat("'", field, "' takes a date as YYYY-MM-DD or DD.MM.YYYY, not '", text, "'"));
  }
  if (spec == nullptr || spec->type != FieldType::kEnum || text.empty()) {
    return client::ParseValueText(kind, field, text);
  }
  std::optional<std::string> code = ReadChoice(field, text, spec->values);
  if (code.has_value()) return *std::move(code);
  return absl::InvalidArgumentError(absl::StrCat(
      "'", field, "' takes one of ", ChoiceWords(field, spec->values), ", not '", text, "'"));
}

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
    if (absl::Status s = CheckFieldName(kind, name); !s.ok()) return s;
    absl::StatusOr<Value> value = TypedValue(kind, name, absl::string_view(arg).substr(eq + 1));
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
