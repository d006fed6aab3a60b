// Likely duplicate persons: the same individual registered twice, on two
// devices, as "Олександр Коваленко" and "Oleksandr Kovalenko", "Саша
// Коваленко", "Александр Коваленко" or "Олександр Коваленко" with a typo.
// A coordinator reviews the suggestions and merges with a person_merge
// record (nothing is deleted).
//
// Matching compares names by their transliterated, case-folded keys
// (text.h SearchKey), with first names reduced to a canonical form through
// a table of common Ukrainian (and Russian-spelled) diminutives and
// variants, surname spelling variants by edit distance, and phone and birth
// year as supporting or contradicting evidence.
#ifndef HROMADA_SHARED_DUPLICATES_H_
#define HROMADA_SHARED_DUPLICATES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {

struct PersonSummary {
  std::string id;  // any stable text (canonical UUID in practice)
  std::string full_name;
  std::string phone;       // "" if unknown
  int64_t birth_year = 0;  // 0 if unknown
  std::string community_id;
};

struct DuplicateSuggestion {
  std::string a, b;     // ids, a < b
  double score = 0;     // in (0, 1]; higher is more likely the same person
  std::string reason;   // for people: "same name in another script, same phone"
};

// Pairs scoring at least `min_score`, best first. Pairs already known to be
// the same individual (in `merged`, as {id, id} pairs) are left out.
// Runs in roughly linear time in the number of persons (candidates are
// blocked by name keys), so 100,000 persons take well under a second.
std::vector<DuplicateSuggestion> SuggestDuplicates(
    const std::vector<PersonSummary>& persons, double min_score = 0.6,
    const std::vector<std::pair<std::string, std::string>>& merged = {});

// The score of one pair (0 when they are surely different), and why.
DuplicateSuggestion ScorePair(const PersonSummary& a, const PersonSummary& b);

// The canonical first name for a given first name in any script or form:
// "Саша", "Сашко", "Oleksandr", "Александр" -> "oleksandr". Names not in
// the table map to their own SearchKey.
std::string CanonicalFirstName(absl::string_view first_name);

}  // namespace hromada

#endif  // HROMADA_SHARED_DUPLICATES_H_
