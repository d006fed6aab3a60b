// Private to client/src/duplicates/: what the matcher's files share. Keys
// and distances (duplicates_keys.cc), a person's record read into tokens
// (duplicates_parse.cc), the pair score (duplicates_score.cc); blocking and
// SuggestDuplicates are in duplicates.cc. Everything here is pure and safe
// to call from several threads, except that a TokenCache is not shared.
#ifndef HROMADA_CLIENT_SRC_DUPLICATES_DUPLICATES_INTERNAL_H_
#define HROMADA_CLIENT_SRC_DUPLICATES_DUPLICATES_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/src/duplicates/duplicates.h"

namespace hromada {
namespace duplicates_internal {

// ---------------------------------------------------------------- keys

// The coarse phonetic key of a SearchKey: "serhii", "sergey" and "сергей"
// all become one key; doubled letters count once, an "i" before a vowel
// is dropped.
std::string PhoneticKey(absl::string_view search_key);

// What a vowel slip costs in EditDistance: і for е or о, е for и, о for а.
constexpr double kVowelSlip = 0.4;

// Edit distance with adjacent transpositions (optimal string alignment);
// a vowel slip costs kVowelSlip. Keys compare by their first 40 bytes.
double EditDistance(absl::string_view a, absl::string_view b);

// A phonetic key without its vowels: "Гребенюк" and "Грибинюк",
// "Колесник" and "Калесник" share one (a block key for vowel slips).
std::string ConsonantKey(absl::string_view phonetic);

// How many typos a surname key of `length` may carry and still match.
double AllowedEdits(size_t length);

// A key and, from 4 letters up, every key one letter shorter: two keys
// one edit apart always share one of these.
std::vector<std::string> WithDeletions(const std::string& key);

// The last 9 digits of a phone number, or "" when there are fewer.
std::string PhoneKey(absl::string_view phone);

// ------------------------------------------------------------ a person

struct FirstName {
  std::vector<std::string> canonicals;  // empty: not a name in the table
  bool guessed = false;                 // matched a table form only with a typo
};

// A first name by its SearchKey and PhoneticKey: the exact form in the
// table, then its sound, then (6 letters or more) forms one edit away.
FirstName LookUpFirstName(absl::string_view key, const std::string& phonetic);

// Which alphabet a name is typed in; kMixed for a Latin letter among
// Cyrillic ones (a homoglyph) or the reverse.
enum class Script { kNone, kCyrillic, kLatin, kMixed };

struct Token {
  std::string text;         // as typed (normalised)
  std::string folded;       // FoldCase(text): tells a change of spelling from none
  std::string key;          // SearchKey
  std::string phonetic;     // PhoneticKey(key)
  std::string initial;      // PhoneticKey of the first letter alone: "В" and "Василь" -> "v"
  bool is_initial = false;  // a single letter ("В." in "Федорук В.І.")
  Script script = Script::kNone;
  FirstName first;  // what it is as a first name
};

// Only a stated female or male counts; anything else is unknown.
enum class Gender { kUnknown, kFemale, kMale };

struct Parsed {
  std::vector<const Token*> names;  // given name (or its initial) and surname, in any order
  bool any_known = false;           // one of `names` is in the first-name table
  std::string patronymic;           // phonetic key, "" if none was given
  std::string patronymic_initial;   // Token::initial of the patronymic or its initial
  Script script = Script::kNone;    // of all the name's letters
  std::string phone;                // PhoneKey
  int64_t birth_year = 0;
  Gender gender = Gender::kUnknown;
};

// Tokens by their text as typed (a region has far fewer distinct names
// than persons). Node-based, so a Token's address is stable while the
// cache lives; text that is not UTF-8 is cached as null.
using TokenCache = std::unordered_map<std::string, std::unique_ptr<Token>>;

// The parts of a person's record that matching reads. Borrows its tokens
// from `cache`, which must outlive the result.
Parsed Parse(const PersonSummary& p, TokenCache* cache);

// Where a name holds a name from the first-name table, that is the given
// name; otherwise any part may be. An initial is always a given name.
bool MayBeGivenName(const Parsed& p, size_t i);

// ------------------------------------------------------------ the score

// The pair's score (0 when surely different, with the reason why); the
// reason of a positive score only when it reaches `min_score` (most
// candidate pairs do not, and words cost more than numbers). Ids a < b are
// filled in when the score reaches `min_score`.
//
// `fits` (may be null: nothing known) says how many given names written in
// full go with an initial and surname among all the persons compared
// (CountInitialFits): an initial that fits one name only ("Кравченко В."
// where the only В-name among the Кравченко is Володимир) is read as that
// name, with little doubt; one that fits several keeps the doubt of a
// letter shared by about one name in twenty.
using InitialFits = std::unordered_map<std::string, int>;
InitialFits CountInitialFits(const std::vector<Parsed>& parsed);
DuplicateSuggestion Score(const PersonSummary& a, const Parsed& pa, const PersonSummary& b,
                          const Parsed& pb, double min_score, const InitialFits* fits = nullptr);

}  // namespace duplicates_internal
}  // namespace hromada

#endif  // HROMADA_CLIENT_SRC_DUPLICATES_DUPLICATES_INTERNAL_H_
