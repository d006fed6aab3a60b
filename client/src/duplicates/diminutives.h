// Private to client/src/duplicates/: the table of common Ukrainian first
// names with their diminutives and variants (Ukrainian, Russian, and Latin
// spellings that the official transliteration would not produce).
#ifndef HROMADA_CLIENT_SRC_DUPLICATES_DIMINUTIVES_H_
#define HROMADA_CLIENT_SRC_DUPLICATES_DIMINUTIVES_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {

// The forms of first names in the table, by SearchKey ("sasha"), each with
// the canonical names it belongs to (SearchKey of the full Ukrainian name:
// "oleksandr"). Most forms have one; an ambiguous diminutive has several
// ("sasha" -> oleksandr, oleksandra). Full names map to themselves.
using FirstNameForms = std::unordered_map<std::string, std::vector<std::string>>;

// The table, built on first use (thread-safe) and never freed.
const FirstNameForms& AllFirstNameForms();

// The canonical names of the form with SearchKey `key`; empty if the form
// is not in the table.
const std::vector<std::string>& FirstNameCanonicals(absl::string_view key);

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_DUPLICATES_DIMINUTIVES_H_
