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
// year (and gender) as supporting or contradicting evidence.
#ifndef HROMADA_CLIENT_SRC_DUPLICATES_DUPLICATES_H_
#define HROMADA_CLIENT_SRC_DUPLICATES_DUPLICATES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {

struct PersonSummary {
  std::string id;  // any stable text (canonical UUID in practice)
  std::string full_name;
  std::string phone;       // "" if unknown
  int64_t birth_year = 0;  // 0 if unknown
  std::string community_id;
  std::string gender;  // "female", "male"; anything else ("other", "unknown", "") is unknown
};

struct DuplicateSuggestion {
  std::string a, b;    // ids, a < b (byte order)
  double score = 0;    // in (0, 1]; higher is more likely the same person
  std::string reason;  // for people: "same name in another script, same phone"
};

// All functions here are pure and safe to call from several threads.
//
// Names are compared part by part, in either order ("Коваленко Олександр"),
// with a patronymic set aside (and compared when both have one). A given
// name may be written as its initial ("Федорук В.І.": В. for the given
// name, І. for the patronymic), which matches any name with that first
// letter, weakly. A name of fewer than two parts is never matched. Latin in
// any common transliteration (official, 1996, ISO 9, Russian habits),
// apostrophes as ' ’ ʼ ` ", vowel slips (е/и, о/а) and swapped letters are
// forgiven. Phones compare by their last 9 digits ("+380 67 123 45 67" =
// "067-123-4567"); a phone or birth year known on both sides and different
// counts against, the same counts for; birth years one apart count a
// little for. A patronymic tells the gender where none is stated.
// Two persons whose genders are both known (female or male) and differ are
// surely different (score 0): "Саша" is Олександр or Олександра. The same
// gender adds a little only where the first names differ (Саша ~ Олександр).
// The community is not compared: one person attends in several.

// Pairs scoring at least `min_score`, best first (ties by ids). Pairs
// already known to be the same individual are left out: those in `merged`
// (as {id, id} pairs, in any order) and those it implies (A=B, B=C: A=C).
// Candidates are blocked by name keys and phone, so the run is roughly
// linear in the number of persons: 100,000 persons take well under a
// second of CPU. Pairs whose surnames are two typos apart (other than
// vowel slips) are found only when they share a phone.
std::vector<DuplicateSuggestion> SuggestDuplicates(
    const std::vector<PersonSummary>& persons, double min_score = 0.6,
    const std::vector<std::pair<std::string, std::string>>& merged = {});

// The score of one pair (0 when they are surely different) and why. The
// reason names the parts of `a` first: "first name Саша ~ Олександр". About
// 0.7 means the same name and nothing else known; a shared phone or birth
// year raises it, a typo or a diminutive lowers it.
DuplicateSuggestion ScorePair(const PersonSummary& a, const PersonSummary& b);

// The canonical first name for a given first name in any script or form:
// "Саша", "Сашко", "Oleksandr", "Александр" -> "oleksandr"; a typo in a
// name of six or more letters is forgiven ("Олесандр" -> "oleksandr").
// Names not in the table map to their own SearchKey. An ambiguous
// diminutive ("Саша" is also Олександра) gives its first, commonest name.
std::string CanonicalFirstName(absl::string_view first_name);

}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_DUPLICATES_DUPLICATES_H_
