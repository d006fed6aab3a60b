#include "shared/cli/choices.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "shared/sync/schema.h"

namespace hromada::cli {

std::string OneOf(const std::vector<std::string>& words) {
  if (words.size() < 2) return absl::StrJoin(words, "");
  const std::vector<std::string> head(words.begin(), words.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), " or ", words.back());
}

std::string ChoicesHelp(absl::string_view kind, absl::string_view field, absl::string_view lead) {
  const KindSpec* spec = FindKind(kind);
  const FieldSpec* f = spec != nullptr ? spec->Find(field) : nullptr;
  if (f == nullptr || f->type != FieldType::kEnum) {
    throw std::logic_error(absl::StrCat("the schema has no choices for ", kind, ".", field));
  }
  return absl::StrCat(lead, lead.empty() ? "" : ": ", OneOf(f->values));
}

}  // namespace hromada::cli
