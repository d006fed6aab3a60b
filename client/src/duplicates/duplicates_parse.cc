// A person's record read for matching (duplicates_internal.h): the name
// split into tokens, each with its keys and what it is as a first name
// (diminutives.h), a patronymic set aside, phone, birth year and
// gender. Also CanonicalFirstName (duplicates.h).
#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "client/src/duplicates/diminutives.h"
#include "client/src/duplicates/duplicates_internal.h"
#include "shared/base/text.h"

namespace hromada {
namespace duplicates_internal {
namespace {

void AddUnique(const std::string& s, std::vector<std::string>* into) {
  if (std::find(into->begin(), into->end(), s) == into->end()) into->push_back(s);
}

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
      for (const std::string& c : canonicals) AddUnique(c, &into);
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

bool SameLetters(std::string a, std::string b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// Whether `typed`, a short name one edit from the table's `form`, is a typo
// of it: a letter left out (not the first), two letters swapped, or the
// last consonant's voicing (FinalVoicing). Another letter changed for
// another makes another name too often ("Ліна", "Діна", "Ніна").
// A name's last consonant typed by ear, voiced for voiceless or the
// reverse ("Тараз" for Тарас, "Богдат"): no name in the table differs from
// another only so.
bool FinalVoicing(const std::string& typed, const std::string& form) {
  if (typed.size() != form.size() || typed.size() < 2) return false;
  if (typed.compare(0, typed.size() - 1, form, 0, form.size() - 1) != 0) return false;
  static constexpr std::pair<char, char> kPairs[] = {
      {'z', 's'}, {'d', 't'}, {'b', 'p'}, {'H', 'k'}};
  for (const auto& [voiced, voiceless] : kPairs) {
    const char t = typed.back(), f = form.back();
    if ((t == voiced && f == voiceless) || (t == voiceless && f == voiced)) return true;
  }
  return false;
}

bool ShortNameTypo(const std::string& typed, const std::string& form) {
  if (typed[0] != form[0]) return false;  // "Ліна" is not "Аліна"
  return form.size() == typed.size() + 1 || SameLetters(typed, form) || FinalVoicing(typed, form);
}

// The canonical names of the table forms one edit from `phonetic`, except
// the other gender's form of the same name; for a short name, only the
// edits of ShortNameTypo.
void AddNearForms(const std::string& phonetic, bool short_name,
                  std::vector<std::string>* canonicals) {
  const PhoneticIndex& ix = Index();
  for (const std::string& d : WithDeletions(phonetic)) {
    const auto near = ix.by_deletion.find(d);
    if (near == ix.by_deletion.end()) continue;
    for (const std::string* form : near->second) {
      if (EditDistance(phonetic, *form) > 1 || GenderedForms(phonetic, *form)) continue;
      if (short_name && !ShortNameTypo(phonetic, *form)) continue;
      for (const std::string& c : ix.by_key.at(*form)) AddUnique(c, canonicals);
    }
  }
}

// Two letters swapped in the name as spelled ("Палво", "Іавн"; the
// phonetic key may hide the swap, as it drops an "i" before a vowel), or
// an unstressed е typed as и, о as а ("Симен", "Аксана"); і for е is left
// out, as it makes another name ("Ліна", "Лена").
void AddSwappedAndSlippedForms(const std::string& key, std::vector<std::string>* canonicals) {
  for (size_t i = 0; i < key.size(); ++i) {
    std::string changed = key;
    if (i + 1 < key.size() && key[i] != key[i + 1]) {
      std::swap(changed[i], changed[i + 1]);
      // Keyed again: a swap can make a run the key folds ("naidia" -> "nadiia").
      for (const std::string& c : FirstNameCanonicals(SearchKey(changed))) AddUnique(c, canonicals);
    }
    static constexpr absl::string_view kFrom = "yeao", kTo = "eyoa";
    const size_t slip = kFrom.find(key[i]);
    if (slip == absl::string_view::npos) continue;
    changed = key;
    changed[i] = kTo[slip];
    for (const std::string& c : FirstNameCanonicals(changed)) AddUnique(c, canonicals);
  }
}

bool LooksLikePatronymic(absl::string_view phonetic) {
  for (absl::string_view end : {"oviC", "eviC", "ivna", "ovna", "evna", "iCna"}) {
    if (phonetic.size() > end.size() + 2 && absl::EndsWith(phonetic, end)) return true;
  }
  return false;
}

// Cyrillic letters are U+0400..U+052F (UTF-8 lead bytes 0xD0..0xD4); Latin
// ones ASCII or U+00C0..U+024F (lead bytes 0xC3..0xC9).
Script ScriptOf(absl::string_view text) {
  bool cyrillic = false, latin = false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    cyrillic |= c >= 0xD0 && c <= 0xD4;
    latin |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c <= 0xC9);
  }
  if (cyrillic && latin) return Script::kMixed;
  return cyrillic ? Script::kCyrillic : latin ? Script::kLatin : Script::kNone;
}

Script Combined(Script a, Script b) {
  if (a == Script::kNone || a == b) return b;
  return b == Script::kNone ? a : Script::kMixed;
}

// The first code point of valid UTF-8 text.
absl::string_view FirstLetter(absl::string_view text) {
  size_t n = 1;
  while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
  return text.substr(0, n);
}

// Apostrophes as typed on keyboards without ’ or ʼ: ` and ‘, and the " of
// the 1996 transliteration (Dem"ianenko). SearchKey drops ' ’ ʼ.
std::string Apostrophes(absl::string_view typed) {
  return absl::StrReplaceAll(
      typed, {{"\"", "'"}, {"`", "'"}, {"\xE2\x80\x98", "'"}, {"\xE2\x80\xB2", "'"}});
}

// Unicode work is the dearest part of reading a name, hence the cache.
const Token* Tokenize(absl::string_view typed, TokenCache* cache) {
  auto [it, fresh] = cache->try_emplace(std::string(typed));
  if (!fresh) return it->second.get();
  const absl::StatusOr<std::string> text = NormalizeText(Apostrophes(typed));
  if (!text.ok() || text->empty()) return nullptr;
  auto t = std::make_unique<Token>();
  t->text = *text;
  t->folded = FoldCase(t->text);
  t->key = SearchKey(t->text);
  t->phonetic = PhoneticKey(t->key);
  const absl::string_view first_letter = FirstLetter(t->text);
  t->initial = PhoneticKey(SearchKey(first_letter));
  t->is_initial = first_letter.size() == t->text.size() && !t->initial.empty();
  t->script = ScriptOf(t->text);
  if (t->is_initial) {
    it->second = std::move(t);
    return it->second.get();
  }
  t->first = LookUpFirstName(t->key, t->phonetic);
  it->second = std::move(t);
  return it->second.get();
}

// "Олександр Іванович Коваленко": one patronymic, only beside two names;
// the last part that looks like one is taken.
void SetPatronymicAside(Parsed* parsed) {
  if (parsed->names.size() < 3) return;
  for (size_t i = parsed->names.size(); i-- > 0;) {
    if (LooksLikePatronymic(parsed->names[i]->phonetic)) {
      parsed->patronymic = parsed->names[i]->phonetic;
      parsed->patronymic_initial = parsed->names[i]->initial;
      parsed->names.erase(parsed->names.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

// A stated gender, else the patronymic's: "Іванович" is a man's,
// "Іванівна" a woman's (so a brother and a sister stay apart).
Gender GenderOf(absl::string_view gender, absl::string_view patronymic) {
  if (gender == "female") return Gender::kFemale;
  if (gender == "male") return Gender::kMale;
  if (absl::EndsWith(patronymic, "iC")) return Gender::kMale;
  if (absl::EndsWith(patronymic, "na")) return Gender::kFemale;
  return Gender::kUnknown;
}

// "Федорук В.І.", "В. І. Федорук": with one name written out, the first
// initial stands for the given name and the second for the patronymic;
// beside two names, an initial is the patronymic's.
void PlaceInitials(const std::vector<const Token*>& tokens, Parsed* parsed) {
  size_t written = 0;
  for (const Token* t : tokens) written += !t->is_initial;
  bool given_placed = written != 1;
  for (const Token* t : tokens) {
    if (!t->is_initial) {
      parsed->names.push_back(t);
    } else if (!given_placed) {
      parsed->names.push_back(t);
      given_placed = true;
    } else if (parsed->patronymic_initial.empty()) {
      parsed->patronymic_initial = t->initial;
    }
  }
}

}  // namespace

// For names of 6 letters or more, one typo cannot make another name; a
// shorter one is forgiven only the typos of ShortNameTypo and
// AddSwappedAndSlippedForms.
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
  if (phonetic.size() >= 4) AddNearForms(phonetic, phonetic.size() < 6, &name.canonicals);
  if (key.size() >= 4) AddSwappedAndSlippedForms(std::string(key), &name.canonicals);
  name.guessed = !name.canonicals.empty();
  return name;
}

Parsed Parse(const PersonSummary& p, TokenCache* cache) {
  Parsed parsed;
  parsed.phone = PhoneKey(p.phone);
  parsed.birth_year = p.birth_year;
  std::vector<const Token*> tokens;
  for (absl::string_view typed :
       absl::StrSplit(p.full_name, absl::ByAnyChar(" \t\r\n,;."), absl::SkipEmpty())) {
    const Token* t = Tokenize(typed, cache);
    if (t == nullptr) continue;
    tokens.push_back(t);
    parsed.any_known |= !t->first.canonicals.empty();
    parsed.script = Combined(parsed.script, t->script);
  }
  PlaceInitials(tokens, &parsed);
  SetPatronymicAside(&parsed);
  parsed.gender = GenderOf(p.gender, parsed.patronymic);
  return parsed;
}

bool MayBeGivenName(const Parsed& p, size_t i) {
  return !p.any_known || p.names[i]->is_initial || !p.names[i]->first.canonicals.empty();
}

}  // namespace duplicates_internal

std::string CanonicalFirstName(absl::string_view first_name) {
  namespace di = duplicates_internal;
  const absl::StatusOr<std::string> name = NormalizeText(first_name);
  if (!name.ok()) return "";
  const std::string key = SearchKey(*name);
  const di::FirstName found = di::LookUpFirstName(key, di::PhoneticKey(key));
  return found.canonicals.empty() ? key : found.canonicals.front();
}

}  // namespace hromada
