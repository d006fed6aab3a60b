// Likely duplicate persons. A name is compared token by token on three
// levels: the search key (script-insensitive), a coarse phonetic key that
// also forgives the Russian/Ukrainian/English spelling habits the official
// transliteration keeps apart (и/і/ы, е/є/э, г/h/g, ts/c), and an edit
// distance on the phonetic key for typos. Each level of doubt, and each bit
// of other evidence (phone, birth year, patronymic), adds to a log-odds
// score; ScorePair turns it into (0, 1).
#include "shared/duplicates.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "shared/diminutives.h"
#include "shared/text.h"

namespace hromada {
namespace {

// ---------------------------------------------------------------- keys

// Latin spellings of one sound, each as one symbol (upper case where the
// symbol is not a letter of its own). StrReplaceAll takes the longest
// spelling that starts at a place, so "shch" wins over "sh" and "ch".
const std::vector<std::pair<absl::string_view, absl::string_view>>& Sounds() {
  static const auto* const sounds =
      new std::vector<std::pair<absl::string_view, absl::string_view>>{
          {"shch", "S"}, {"sch", "S"}, {"sh", "S"}, {"zh", "Z"}, {"kh", "H"}, {"ch", "C"},
          {"ts", "C"},   {"tz", "C"},  {"c", "C"},  {"ph", "f"}, {"ck", "k"}, {"x", "ks"},
          {"w", "v"},    {"q", "k"},   {"g", "H"},  {"h", "H"},  {"y", "i"},  {"j", "i"}};
  return *sounds;
}

// The coarse phonetic key of a SearchKey: "serhii", "sergey" and "сергей"
// (Russian ы э ё ъ survive SearchKey) all become "serHi"-like keys.
std::string PhoneticKey(absl::string_view search_key) {
  const std::string latin =
      absl::StrReplaceAll(search_key, {{"ы", "y"}, {"э", "e"}, {"ё", "io"}, {"ъ", ""}});
  const std::string s = absl::StrReplaceAll(latin, Sounds());
  std::string single;  // doubled letters written once
  for (char c : s) {
    if (single.empty() || single.back() != c) single += c;
  }
  std::string out;  // an "i" before a vowel only softens it (ia, ie, iu, io)
  for (size_t i = 0; i < single.size(); ++i) {
    const char next = i + 1 < single.size() ? single[i + 1] : '\0';
    if (single[i] == 'i' && next != '\0' && std::strchr("aeou", next) != nullptr) continue;
    out += single[i];
  }
  return out;
}

// Ukrainian і stands where Russian has е or о (Білоус/Белоус,
// Чорновіл/Чорновол, Федір/Фёдор), so those swaps cost half an edit.
double SubstitutionCost(char a, char b) {
  if (a == b) return 0;
  auto eio = [](char c) { return c == 'e' || c == 'i' || c == 'o'; };
  return (a == 'i' || b == 'i') && eio(a) && eio(b) ? 0.5 : 1;
}

// Edit distance with adjacent transpositions (optimal string alignment).
// Keys longer than kMaxKey compare by their first kMaxKey bytes.
constexpr size_t kMaxKey = 40;

double EditDistance(absl::string_view a, absl::string_view b) {
  a = a.substr(0, kMaxKey);
  b = b.substr(0, kMaxKey);
  double d[kMaxKey + 1][kMaxKey + 1];
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<double>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<double>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + SubstitutionCost(a[i - 1], b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// How many typos a surname key of `length` may carry and still match.
double AllowedEdits(size_t length) { return length < 4 ? 0 : length < 8 ? 1 : 2; }

// A key and, from 4 letters up, every key one letter shorter: two keys
// one edit apart always share one of these.
std::vector<std::string> WithDeletions(const std::string& key) {
  std::vector<std::string> out = {key};
  if (key.size() < 4) return out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i == 0 || key[i] != key[i - 1]) out.push_back(key.substr(0, i) + key.substr(i + 1));
  }
  return out;
}

// The last 9 digits of a Ukrainian number ("+380 67 123 45 67" and
// "067-123-4567" alike), or "" when there are fewer.
std::string PhoneKey(absl::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits.size() < 9 ? "" : digits.substr(digits.size() - 9);
}

// ---------------------------------------------------------- first names

struct FirstName {
  std::vector<std::string> canonicals;  // empty: not a name in the table
  bool guessed = false;                 // matched a table form only with a typo
};

// The table's forms by phonetic key, and the same keys under each of their
// deletions (WithDeletions) for the typo search.
struct PhoneticIndex {
  std::unordered_map<std::string, std::vector<std::string>> by_key;
  std::unordered_map<std::string, std::vector<const std::string*>> by_deletion;
};

const PhoneticIndex& Index() {
  static const PhoneticIndex* const index = [] {
    auto* ix = new PhoneticIndex;
    for (const auto& [form, canonicals] : AllFirstNameForms()) {
      std::vector<std::string>& into = ix->by_key[PhoneticKey(form)];
      for (const std::string& c : canonicals) {
        if (std::find(into.begin(), into.end(), c) == into.end()) into.push_back(c);
      }
    }
    for (const auto& entry : ix->by_key) {
      for (const std::string& d : WithDeletions(entry.first)) {
        ix->by_deletion[d].push_back(&entry.first);
      }
    }
    return ix;
  }();
  return *index;
}

// "Богдан" and "Богдана": one letter apart, a man's and a woman's name.
bool GenderedForms(absl::string_view a, absl::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  return b.size() == a.size() + 1 && b.back() == 'a' && absl::StartsWith(b, a);
}

// A first name typed in any form: exact form, then its sound, then (for
// names of 6 letters or more, where one typo cannot make another name)
// the nearest forms one edit away.
FirstName LookUpFirstName(absl::string_view key, const std::string& phonetic) {
  FirstName name;
  name.canonicals = FirstNameCanonicals(key);
  if (!name.canonicals.empty()) return name;
  const PhoneticIndex& ix = Index();
  const auto it = ix.by_key.find(phonetic);
  if (it != ix.by_key.end()) {
    name.canonicals = it->second;
    return name;
  }
  if (phonetic.size() < 6) return name;
  for (const std::string& d : WithDeletions(phonetic)) {
    const auto near = ix.by_deletion.find(d);
    if (near == ix.by_deletion.end()) continue;
    for (const std::string* form : near->second) {
      if (EditDistance(phonetic, *form) > 1 || GenderedForms(phonetic, *form)) continue;
      for (const std::string& c : ix.by_key.at(*form)) {
        if (std::find(name.canonicals.begin(), name.canonicals.end(), c) == name.canonicals.end()) {
          name.canonicals.push_back(c);
        }
      }
    }
  }
  name.guessed = !name.canonicals.empty();
  return name;
}

// ------------------------------------------------------------ a person

struct Token {
  std::string text;      // as typed (normalised)
  std::string folded;    // FoldCase(text): tells a script change from no change
  std::string key;       // SearchKey
  std::string phonetic;  // PhoneticKey(key)
  FirstName first;       // what it is as a first name
};

struct Parsed {
  std::vector<const Token*> names;  // given name and surname, in any order
  bool any_known = false;           // one of `names` is in the first-name table
  std::string patronymic;           // phonetic key, "" if none was given
  std::string phone;                // PhoneKey
  int64_t birth_year = 0;
};

bool LooksLikePatronymic(absl::string_view phonetic) {
  for (absl::string_view end : {"oviC", "eviC", "ivna", "ovna", "evna", "iCna"}) {
    if (phonetic.size() > end.size() + 2 && absl::EndsWith(phonetic, end)) return true;
  }
  return false;
}

// Tokens by their text as typed: a region has far fewer distinct names
// than persons, and Unicode work is the dearest part of reading a name.
// Node-based, so a Token's address is stable while the cache lives. Text
// that is not UTF-8 is cached as null and skipped.
using TokenCache = std::unordered_map<std::string, std::unique_ptr<Token>>;

const Token* Tokenize(absl::string_view typed, TokenCache* cache) {
  auto [it, fresh] = cache->try_emplace(std::string(typed));
  if (!fresh) return it->second.get();
  const absl::StatusOr<std::string> text = NormalizeText(typed);
  if (!text.ok() || text->empty()) return nullptr;
  auto t = std::make_unique<Token>();
  t->text = *text;
  t->folded = FoldCase(t->text);
  t->key = SearchKey(t->text);
  t->phonetic = PhoneticKey(t->key);
  t->first = LookUpFirstName(t->key, t->phonetic);
  it->second = std::move(t);
  return it->second.get();
}

// The parts of a person's record that matching reads. Borrows its tokens
// from `cache`, which must outlive it.
Parsed Parse(const PersonSummary& p, TokenCache* cache) {
  Parsed parsed;
  parsed.phone = PhoneKey(p.phone);
  parsed.birth_year = p.birth_year;
  for (absl::string_view typed :
       absl::StrSplit(p.full_name, absl::ByAnyChar(" \t\r\n,;."), absl::SkipEmpty())) {
    const Token* t = Tokenize(typed, cache);
    if (t == nullptr) continue;
    parsed.names.push_back(t);
    parsed.any_known |= !t->first.canonicals.empty();
  }
  // "Олександр Іванович Коваленко": one patronymic, only beside two names.
  if (parsed.names.size() >= 3) {
    for (size_t i = parsed.names.size(); i-- > 0;) {
      if (LooksLikePatronymic(parsed.names[i]->phonetic)) {
        parsed.patronymic = parsed.names[i]->phonetic;
        parsed.names.erase(parsed.names.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }
  return parsed;
}

// ------------------------------------------------------------ comparing

// How two name tokens relate, surest first.
enum class Likeness { kSame, kScript, kSpelling, kVariant, kTypo, kDifferent };

struct PartMatch {
  Likeness likeness = Likeness::kDifferent;
  double weight = 0;  // log-odds it adds: 0 for the same, less the less sure
};

// Log-odds of a name that is spelled alike but not the same, or a form of
// the same first name; a typo costs kTypoWeight times the share of the
// key it changes.
constexpr double kSpellingWeight = -0.15;
constexpr double kVariantWeight = -0.2;
constexpr double kGuessedVariantWeight = -0.8;
constexpr double kTypoWeight = -8.0;

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

// Two names from the table match only through the table, so "Олександр"
// and "Олександра" (one letter apart) stay two people.
PartMatch CompareFirstNames(const Token& a, const Token& b) {
  const PartMatch spelling = BySpelling(a, b);
  if (spelling.likeness == Likeness::kSame || spelling.likeness == Likeness::kScript) {
    return spelling;
  }
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
  const PartMatch spelling = BySpelling(a, b);
  if (spelling.likeness != Likeness::kDifferent) return spelling;
  if (!a.first.canonicals.empty() && !b.first.canonicals.empty() &&
      !ShareCanonical(a.first, b.first)) {
    return {};
  }
  if (GenderedPair(a.phonetic, b.phonetic) || GenderedPair(b.phonetic, a.phonetic)) return {};
  return ByTypo(a, b, 4);
}

// Where a name holds a name from the first-name table, that is the given
// name; otherwise any part may be.
bool MayBeGivenName(const Parsed& p, size_t i) {
  return !p.any_known || !p.names[i]->first.canonicals.empty();
}

struct NameMatch {
  const Token *first_a = nullptr, *first_b = nullptr, *surname_a = nullptr, *surname_b = nullptr;
  PartMatch first, surname;
  bool swapped = false;  // given name and surname in the other order
  double weight() const { return first.weight + surname.weight; }
};

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
      for (size_t sa = 0; sa < a.names.size(); ++sa) {
        for (size_t sb = 0; sb < b.names.size(); ++sb) {
          if (sa == fa || sb == fb) continue;
          const PartMatch surname = CompareSurnames(*a.names[sa], *b.names[sb]);
          if (surname.likeness == Likeness::kDifferent) continue;
          NameMatch m;
          m.first_a = a.names[fa];
          m.first_b = b.names[fb];
          m.surname_a = a.names[sa];
          m.surname_b = b.names[sb];
          m.first = first;
          m.surname = surname;
          m.swapped = (fa < sa) != (fb < sb);
          if (!found || m.weight() > best->weight()) *best = m;
          found = true;
        }
      }
    }
  }
  if (!found) *why = first_ever ? "different surnames" : "different first names";
  return found;
}

bool Sure(Likeness l) { return l == Likeness::kSame || l == Likeness::kScript; }

void DescribeName(const NameMatch& m, std::vector<std::string>* reasons) {
  if (Sure(m.first.likeness) && Sure(m.surname.likeness)) {
    const bool same = m.first.likeness == Likeness::kSame && m.surname.likeness == Likeness::kSame;
    reasons->push_back(same ? "same name" : "same name in another script");
  }
  if (!Sure(m.first.likeness)) {
    reasons->push_back(absl::StrCat("first name ", m.first_a->text, " ~ ", m.first_b->text));
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
    w += apart == 0 ? 1.0 : apart == 1 ? -0.7 : -3.5;
    if (reasons && apart == 0) reasons->push_back("same birth year");
    if (reasons && apart != 0) {
      reasons->push_back(absl::StrCat("birth years ", a.birth_year, " and ", b.birth_year));
    }
  }
  if (!a.patronymic.empty() && !b.patronymic.empty()) {
    const double d = EditDistance(a.patronymic, b.patronymic);
    w += d == 0 ? 0.5 : d <= 1 ? 0.2 : -3.0;
    if (reasons) reasons->push_back(d <= 1 ? "same patronymic" : "different patronymics");
  }
  return w;
}

// Log-odds of two persons with the same name and nothing else known:
// likelier the same (score 0.7) than not, for a coordinator to look at.
constexpr double kPrior = 0.85;

// The pair's score; the reason only when the score reaches `min_score`
// (most candidate pairs do not, and words cost more than numbers).
DuplicateSuggestion Score(const PersonSummary& a, const Parsed& pa, const PersonSummary& b,
                          const Parsed& pb, double min_score) {
  DuplicateSuggestion s;
  NameMatch name;
  const char* why = "";
  if (!BestNameMatch(pa, pb, &name, &why)) {
    s.reason = why;
  } else {
    const double log_odds = kPrior + name.weight() + Evidence(pa, pb, nullptr);
    s.score = 1.0 / (1.0 + std::exp(-log_odds));
  }
  if (s.score < min_score || (s.score == 0 && min_score > 0)) return s;
  s.a = std::min(a.id, b.id);
  s.b = std::max(a.id, b.id);
  if (s.score > 0) {
    std::vector<std::string> reasons;
    DescribeName(name, &reasons);
    Evidence(pa, pb, &reasons);
    s.reason = absl::StrJoin(reasons, ", ");
  }
  return s;
}

// --------------------------------------------------------------- blocking

// FNV-1a: block keys are hashed as they are read, never built as strings.
class KeyHash {
 public:
  explicit KeyHash(char tag) { Add(absl::string_view(&tag, 1)); }
  KeyHash& Add(absl::string_view bytes) {
    for (char c : bytes) hash_ = (hash_ ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return *this;
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 14695981039346656037ull;
};

// Keys under which a person is filed; only persons sharing a key are
// compared. Given name (canonical) + surname, or + the surname one letter
// shorter (as WithDeletions), catches script, diminutive and one-typo
// pairs; the phone the rest. Where no part is a name from the table, the
// surname alone catches a typo in the given name (a table name never
// matches a word outside the table, so those pairs need no key). Surnames
// two typos apart meet only through the phone.
void AddBlockKeys(const Parsed& p, std::vector<uint64_t>* keys) {
  if (!p.phone.empty()) keys->push_back(KeyHash('p').Add(p.phone).value());
  for (size_t f = 0; f < p.names.size(); ++f) {
    if (!MayBeGivenName(p, f)) continue;
    const Token& first = *p.names[f];
    std::vector<absl::string_view> given(first.first.canonicals.begin(),
                                         first.first.canonicals.end());
    if (given.empty()) given.push_back(first.phonetic);
    for (size_t s = 0; s < p.names.size(); ++s) {
      if (s == f) continue;
      const absl::string_view surname = p.names[s]->phonetic;
      if (!p.any_known) keys->push_back(KeyHash('s').Add(surname).value());
      for (absl::string_view g : given) {
        keys->push_back(KeyHash('n').Add(g).Add("|").Add(surname).value());
        if (surname.size() < 4) continue;
        for (size_t cut = 0; cut < surname.size(); ++cut) {
          keys->push_back(KeyHash('n')
                              .Add(g)
                              .Add("|")
                              .Add(surname.substr(0, cut))
                              .Add(surname.substr(cut + 1))
                              .value());
        }
      }
    }
  }
}

// Past this many persons a key is too common to compare all pairs under it
// (the same surname in a large region); its persons still meet under their
// other keys.
constexpr size_t kMaxBlock = 200;

// Candidate pairs (i < j) sharing at least one key, each once.
std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(const std::vector<Parsed>& parsed) {
  std::vector<std::pair<uint64_t, uint32_t>> filed;  // (key, person)
  std::vector<uint64_t> keys;
  for (uint32_t i = 0; i < parsed.size(); ++i) {
    keys.clear();
    AddBlockKeys(parsed[i], &keys);
    for (uint64_t key : keys) filed.emplace_back(key, i);
  }
  std::sort(filed.begin(), filed.end());
  filed.erase(std::unique(filed.begin(), filed.end()), filed.end());
  std::vector<uint64_t> pairs;
  for (size_t begin = 0, end = 0; begin < filed.size(); begin = end) {
    while (end < filed.size() && filed[end].first == filed[begin].first) ++end;
    if (end - begin > kMaxBlock) continue;
    for (size_t x = begin; x < end; ++x) {
      for (size_t y = x + 1; y < end; ++y) {
        pairs.push_back(uint64_t{filed[x].second} << 32 | filed[y].second);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.reserve(pairs.size());
  for (uint64_t p : pairs)
    out.emplace_back(static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p));
  return out;
}

// Ids known to be one individual, closed under "same as" (A=B, B=C: A=C).
class KnownSame {
 public:
  explicit KnownSame(const std::vector<std::pair<std::string, std::string>>& merged) {
    for (const auto& [a, b] : merged) {
      const std::string root_a = Root(a), root_b = Root(b);
      if (root_a != root_b) parent_[root_a] = root_b;
    }
  }
  bool Same(const std::string& a, const std::string& b) const {
    return !parent_.empty() && Root(a) == Root(b);
  }

 private:
  std::string Root(std::string id) const {
    for (auto it = parent_.find(id); it != parent_.end(); it = parent_.find(id)) id = it->second;
    return id;
  }
  std::unordered_map<std::string, std::string> parent_;  // id -> an id it is the same as
};

}  // namespace

std::string CanonicalFirstName(absl::string_view first_name) {
  const absl::StatusOr<std::string> name = NormalizeText(first_name);
  if (!name.ok()) return "";
  const std::string key = SearchKey(*name);
  const FirstName found = LookUpFirstName(key, PhoneticKey(key));
  return found.canonicals.empty() ? key : found.canonicals.front();
}

DuplicateSuggestion ScorePair(const PersonSummary& a, const PersonSummary& b) {
  TokenCache cache;
  return Score(a, Parse(a, &cache), b, Parse(b, &cache), 0);
}

std::vector<DuplicateSuggestion> SuggestDuplicates(
    const std::vector<PersonSummary>& persons, double min_score,
    const std::vector<std::pair<std::string, std::string>>& merged) {
  TokenCache cache;
  std::vector<Parsed> parsed;
  parsed.reserve(persons.size());
  for (const PersonSummary& p : persons) parsed.push_back(Parse(p, &cache));
  KnownSame known(merged);
  std::vector<DuplicateSuggestion> out;
  for (auto [i, j] : CandidatePairs(parsed)) {
    if (persons[j].id < persons[i].id) std::swap(i, j);  // reasons read from a to b
    if (persons[i].id == persons[j].id || known.Same(persons[i].id, persons[j].id)) continue;
    DuplicateSuggestion s = Score(persons[i], parsed[i], persons[j], parsed[j], min_score);
    if (s.score >= min_score && s.score > 0) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const DuplicateSuggestion& x, const DuplicateSuggestion& y) {
    if (x.score != y.score) return x.score > y.score;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return out;
}

}  // namespace hromada
