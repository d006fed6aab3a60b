// Private to shared/duplicates.cc: the table of common Ukrainian first
// names with their diminutives and variants (Ukrainian, Russian, and Latin
// spellings that the official transliteration would not produce).
#ifndef HROMADA_SHARED_DIMINUTIVES_H_
#define HROMADA_SHARED_DIMINUTIVES_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {

// One row of the table: the full Ukrainian name and its other forms.
struct FirstNameRow {
  const char* name;      // "Олександр"
  const char* variants;  // space-separated: "Саша Сашко Александр Alexander …"
};

// Every row, in a stable order (male names first, then female).
const std::vector<FirstNameRow>& FirstNameRows();

// The canonical names (SearchKey of a row's `name`) that a form with
// SearchKey `key` belongs to: one for most forms, several for an ambiguous
// diminutive ("sasha" -> oleksandr, oleksandra). Empty if the form is not
// in the table. The map is built once, on first use, and is thread-safe.
const std::vector<std::string>& FirstNameCanonicals(absl::string_view key);

}  // namespace hromada

#endif  // HROMADA_SHARED_DIMINUTIVES_H_
