// The score of a pair of persons (duplicates_internal.h). A name is
// compared token by token on three levels: the search key
// (script-insensitive), the phonetic key, and an edit distance on the
// phonetic key for typos. Each level of doubt, and each bit of other
// evidence (phone, birth year, patronymic, gender), adds to a log-odds
// score, turned into (0, 1) at the end.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/src/duplicates/duplicates_internal.h"

namespace hromada {
namespace duplicates_internal {
namespace {

// How two name tokens relate, surest first.
enum class Likeness { kSame, kScript, kSpelling, kVariant, kTypo, kInitial, kDifferent };

struct PartMatch {
  Likeness likeness = Likeness::kDifferent;
  double weight = 0;  // log-odds it adds: 0 for the same, less the less sure
};

// Log-odds of a name that is spelled alike but not the same, or a form of
// the same first name; a typo costs kTypoWeight times the share of the
// key it changes.
constexpr double kSpellingWeight = -0.15;
constexpr double kVariantWeight = -0.2;
constexpr double kGuessedVariantWeight = -0.6;
constexpr double kTypoWeight = -3.5;
// A given name written as its initial: about one name in twenty shares it.
constexpr double kInitialWeight = -1.2;
// An initial that fits one given name only among the persons of that
// surname: the doubt left is that the record is of a person never written
// in full, about one in four in the labelled shapes.
constexpr double kUniqueInitialWeight = -0.3;

// The key of CountInitialFits: an initial and a surname's phonetic key.
std::string FitKey(const Token& given, const Token& surname) {
  return absl::StrCat(given.initial, "|", surname.phonetic);
}

PartMatch BySpelling(const Token& a, const Token& b) {
  if (a.key == b.key) {
    return {a.folded == b.folded ? Likeness::kSame : Likeness::kScript, 0};
  }
  if (a.phonetic == b.phonetic) return {Likeness::kSpelling, kSpellingWeight};
  return {};
}

// A typo when the phonetic keys are at least `min_length` long and a few
// edits apart for their length.
PartMatch ByTypo(const Token& a, const Token& b, size_t min_length) {
  const size_t length = std::max(a.phonetic.size(), b.phonetic.size());
  const size_t shorter = std::min(a.phonetic.size(), b.phonetic.size());
  if (length < min_length || length - shorter > AllowedEdits(length)) return {};
  const double d = EditDistance(a.phonetic, b.phonetic);
  if (d > AllowedEdits(length)) return {};
  return {Likeness::kTypo, kTypoWeight * d / static_cast<double>(length)};
}

bool ShareCanonical(const FirstName& a, const FirstName& b) {
  for (const std::string& c : a.canonicals) {
    if (std::find(b.canonicals.begin(), b.canonicals.end(), c) != b.canonicals.end()) return true;
  }
  return false;
}

bool Sure(Likeness l) { return l == Likeness::kSame || l == Likeness::kScript; }

// Two names from the table match only through the table, so "Олександр"
// and "Олександра" (one letter apart) stay two people.
PartMatch CompareFirstNames(const Token& a, const Token& b) {
  if (a.is_initial || b.is_initial) {
    return a.initial == b.initial ? PartMatch{Likeness::kInitial, kInitialWeight} : PartMatch{};
  }
  const PartMatch spelling = BySpelling(a, b);
  if (Sure(spelling.likeness)) return spelling;
  const bool known_a = !a.first.canonicals.empty(), known_b = !b.first.canonicals.empty();
  if (known_a && known_b) {
    if (!ShareCanonical(a.first, b.first)) return {};
    if (a.first.guessed || b.first.guessed) return {Likeness::kTypo, kGuessedVariantWeight};
    if (spelling.likeness == Likeness::kSpelling) return spelling;
    return {Likeness::kVariant, kVariantWeight};
  }
  if (known_a != known_b) return {};
  if (spelling.likeness == Likeness::kSpelling) return spelling;
  return ByTypo(a, b, 6);
}

// "Петров" and "Петрова", "Островський" and "Островська": a man's and a
// woman's form of one surname, so two relatives.
bool GenderedPair(const std::string& a, const std::string& b) {
  if (b.size() != a.size() + 1 || !absl::StartsWith(b, a) || b.back() != 'a') {
    return a.size() == b.size() && a.size() > 3 && absl::EndsWith(a, "ski") &&
           absl::EndsWith(b, "ska") && a.compare(0, a.size() - 1, b, 0, b.size() - 1) == 0;
  }
  return absl::EndsWith(a, "ov") || absl::EndsWith(a, "ev") || absl::EndsWith(a, "in");
}

// Read in the other order, a given name stands where the surname is
// expected; two names from the table still match only through the table.
PartMatch CompareSurnames(const Token& a, const Token& b) {
  if (a.is_initial || b.is_initial) return {};
  const PartMatch spelling = BySpelling(a, b);
  if (spelling.likeness != Likeness::kDifferent) return spelling;
  if (!a.first.canonicals.empty() && !b.first.canonicals.empty() &&
      !ShareCanonical(a.first, b.first)) {
    return {};
  }
  if (GenderedPair(a.phonetic, b.phonetic) || GenderedPair(b.phonetic, a.phonetic)) return {};
  return ByTypo(a, b, 4);
}

struct NameMatch {
  const Token *first_a = nullptr, *first_b = nullptr, *surname_a = nullptr, *surname_b = nullptr;
  PartMatch first, surname;
  bool swapped = false;  // given name and surname in the other order
  double weight() const { return first.weight + surname.weight; }
};

// With given names a.names[fa] ~ b.names[fb] (as `first`), the best
// surname pair among the other parts goes to `best` if it beats it (or
// `found` is still false).
void BestSurnames(const Parsed& a, size_t fa, const Parsed& b, size_t fb, const PartMatch& first,
                  NameMatch* best, bool* found) {
  for (size_t sa = 0; sa < a.names.size(); ++sa) {
    for (size_t sb = 0; sb < b.names.size(); ++sb) {
      if (sa == fa || sb == fb) continue;
      const PartMatch surname = CompareSurnames(*a.names[sa], *b.names[sb]);
      if (surname.likeness == Likeness::kDifferent) continue;
      NameMatch m{a.names[fa], b.names[fb], a.names[sa], b.names[sb], first, surname};
      m.swapped = (fa < sa) != (fb < sb);
      if (!*found || m.weight() > best->weight()) *best = m;
      *found = true;
    }
  }
}

// The best reading of both names as (given name, surname), in either order,
// or false with `why` when no reading matches.
bool BestNameMatch(const Parsed& a, const Parsed& b, NameMatch* best, const char** why) {
  if (a.names.size() < 2 || b.names.size() < 2) {
    *why = "a name too short to compare";
    return false;
  }
  bool found = false, first_ever = false;
  for (size_t fa = 0; fa < a.names.size(); ++fa) {
    for (size_t fb = 0; fb < b.names.size(); ++fb) {
      if (!MayBeGivenName(a, fa) || !MayBeGivenName(b, fb)) continue;
      const PartMatch first = CompareFirstNames(*a.names[fa], *b.names[fb]);
      if (first.likeness == Likeness::kDifferent) continue;
      first_ever = true;
      BestSurnames(a, fa, b, fb, first, best, &found);
    }
  }
  if (!found) *why = first_ever ? "different surnames" : "different first names";
  return found;
}

// "В." for an initial, the name as typed otherwise.
std::string AsTyped(const Token& t) { return t.is_initial ? absl::StrCat(t.text, ".") : t.text; }

// "In another script" only where one name is all Latin and the other all
// Cyrillic; the same key written otherwise (an apostrophe, a Latin "і"
// among Cyrillic letters) is the same name written differently.
void DescribeName(const Parsed& a, const Parsed& b, const NameMatch& m,
                  std::vector<std::string>* reasons) {
  if (Sure(m.first.likeness) && Sure(m.surname.likeness)) {
    const bool same = m.first.likeness == Likeness::kSame && m.surname.likeness == Likeness::kSame;
    const bool scripts = (a.script == Script::kLatin && b.script == Script::kCyrillic) ||
                         (a.script == Script::kCyrillic && b.script == Script::kLatin);
    reasons->push_back(same      ? "same name"
                       : scripts ? "same name in another script"
                                 : "same name written differently");
  }
  if (!Sure(m.first.likeness)) {
    reasons->push_back(
        absl::StrCat("first name ", AsTyped(*m.first_a), " ~ ", AsTyped(*m.first_b)));
  }
  if (!Sure(m.surname.likeness)) {
    reasons->push_back(absl::StrCat("surname ", m.surname_a->text, " ~ ", m.surname_b->text));
  }
  if (m.swapped) reasons->push_back("name order differs");
}

// Phone, birth year and patronymic, for and against; words for them go to
// `reasons` if it is not null.
double Evidence(const Parsed& a, const Parsed& b, std::vector<std::string>* reasons) {
  double w = 0;
  if (!a.phone.empty() && !b.phone.empty()) {
    const bool same = a.phone == b.phone;
    w += same ? 2.0 : -2.5;
    if (reasons) reasons->push_back(same ? "same phone" : "different phones");
  }
  if (a.birth_year != 0 && b.birth_year != 0) {
    const int64_t apart = std::llabs(a.birth_year - b.birth_year);
    // A year off by one is a slip of memory or of the keyboard more often
    // than another person: weak support, not a contradiction.
    w += apart == 0 ? 1.0 : apart == 1 ? 0.3 : -3.5;
    if (reasons && apart == 0) reasons->push_back("same birth year");
    if (reasons && apart != 0) {
      reasons->push_back(absl::StrCat("birth years ", a.birth_year, " and ", b.birth_year));
    }
  }
  if (!a.patronymic.empty() && !b.patronymic.empty()) {
    // Two edits apart is the Russian form ("Миколайович"/"Николаевич").
    const double d = EditDistance(a.patronymic, b.patronymic);
    w += d == 0 ? 0.5 : d <= 1 ? 0.2 : d <= 2 ? 0 : -3.0;
    if (reasons) {
      reasons->push_back(d <= 1   ? "same patronymic"
                         : d <= 2 ? "patronymics alike"
                                  : "different patronymics");
    }
  } else if (!a.patronymic_initial.empty() && !b.patronymic_initial.empty()) {
    const bool same = a.patronymic_initial == b.patronymic_initial;
    w += same ? 0.3 : -2.5;
    if (reasons) {
      reasons->push_back(same ? "same patronymic initial" : "different patronymic initials");
    }
  }
  return w;
}

bool GendersDiffer(const Parsed& a, const Parsed& b) {
  return a.gender != Gender::kUnknown && b.gender != Gender::kUnknown && a.gender != b.gender;
}

// The same stated gender says something only where the first names differ
// ("Саша" is also Олександра); two people named alike mostly share a
// gender anyway, so there it adds nothing.
constexpr double kSameGenderWeight = 0.3;

double GenderEvidence(const Parsed& a, const Parsed& b, const NameMatch& name,
                      std::vector<std::string>* reasons) {
  if (a.gender == Gender::kUnknown || a.gender != b.gender || Sure(name.first.likeness)) return 0;
  if (reasons) reasons->push_back("same gender");
  return kSameGenderWeight;
}

// Log-odds of two persons with the same name and nothing else known:
// likelier the same (score 0.7) than not, for a coordinator to look at.
constexpr double kPrior = 0.85;

double Probability(const Parsed& a, const Parsed& b, const NameMatch& name) {
  const double log_odds =
      kPrior + name.weight() + Evidence(a, b, nullptr) + GenderEvidence(a, b, name, nullptr);
  return 1.0 / (1.0 + std::exp(-log_odds));
}

std::string Reasons(const Parsed& a, const Parsed& b, const NameMatch& name) {
  std::vector<std::string> reasons;
  DescribeName(a, b, name, &reasons);
  Evidence(a, b, &reasons);
  GenderEvidence(a, b, name, &reasons);
  return absl::StrJoin(reasons, ", ");
}

// An initial matched to a full name that is the only one of its letter
// among that surname's persons weighs kUniqueInitialWeight.
void WeighUniqueInitial(const InitialFits* fits, NameMatch* name) {
  if (fits == nullptr || name->first.likeness != Likeness::kInitial) return;
  const bool a_full = !name->first_a->is_initial;
  if (a_full == !name->first_b->is_initial) return;  // two initials
  const Token& given = a_full ? *name->first_a : *name->first_b;
  const Token& surname = a_full ? *name->surname_a : *name->surname_b;
  const auto it = fits->find(FitKey(given, surname));
  if (it != fits->end() && it->second == 1) name->first.weight = kUniqueInitialWeight;
}

}  // namespace

InitialFits CountInitialFits(const std::vector<Parsed>& parsed) {
  std::unordered_map<std::string, std::vector<std::string>> names;  // key -> given names
  for (const Parsed& p : parsed) {
    for (size_t f = 0; f < p.names.size(); ++f) {
      const Token& given = *p.names[f];
      if (given.is_initial || !MayBeGivenName(p, f)) continue;
      const std::string who =
          given.first.canonicals.empty() ? given.phonetic : given.first.canonicals.front();
      for (size_t s = 0; s < p.names.size(); ++s) {
        if (s == f || p.names[s]->is_initial) continue;
        std::vector<std::string>& seen = names[FitKey(given, *p.names[s])];
        if (std::find(seen.begin(), seen.end(), who) == seen.end()) seen.push_back(who);
      }
    }
  }
  InitialFits fits;
  for (const auto& [key, seen] : names) fits[key] = static_cast<int>(seen.size());
  return fits;
}

DuplicateSuggestion Score(const PersonSummary& a, const Parsed& pa, const PersonSummary& b,
                          const Parsed& pb, double min_score, const InitialFits* fits) {
  DuplicateSuggestion s;
  NameMatch name;
  const char* why = "";
  if (GendersDiffer(pa, pb)) {
    s.reason = "different genders";
  } else if (!BestNameMatch(pa, pb, &name, &why)) {
    s.reason = why;
  } else {
    WeighUniqueInitial(fits, &name);
    s.score = Probability(pa, pb, name);
  }
  if (s.score < min_score || (s.score == 0 && min_score > 0)) return s;
  s.a = std::min(a.id, b.id);
  s.b = std::max(a.id, b.id);
  if (s.score > 0) s.reason = Reasons(pa, pb, name);
  return s;
}

}  // namespace duplicates_internal

DuplicateSuggestion ScorePair(const PersonSummary& a, const PersonSummary& b) {
  namespace di = duplicates_internal;
  di::TokenCache cache;
  return di::Score(a, di::Parse(a, &cache), b, di::Parse(b, &cache), 0);
}

}  // namespace hromada
