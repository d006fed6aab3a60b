// A person's record read for matching (duplicates_internal.h): the name
// split into tokens, each with its keys and what it is as a first name
// (diminutives.h), a patronymic set aside, phone, birth year and
// gender. Also CanonicalFirstName (duplicates.h).
#include <algorithm>
#include <cstddef>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "client/src/duplicates/diminutives.h"
#include "client/src/duplicates/duplicates_internal.h"
#include "shared/text.h"

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

// The canonical names of the table forms one edit from `phonetic`, except
// the other gender's form of the same name.
void AddNearForms(const std::string& phonetic, std::vector<std::string>* canonicals) {
  const PhoneticIndex& ix = Index();
  for (const std::string& d : WithDeletions(phonetic)) {
    const auto near = ix.by_deletion.find(d);
    if (near == ix.by_deletion.end()) continue;
    for (const std::string* form : near->second) {
      if (EditDistance(phonetic, *form) > 1 || GenderedForms(phonetic, *form)) continue;
      for (const std::string& c : ix.by_key.at(*form)) AddUnique(c, canonicals);
    }
  }
}

bool LooksLikePatronymic(absl::string_view phonetic) {
  for (absl::string_view end : {"oviC", "eviC", "ivna", "ovna", "evna", "iCna"}) {
    if (phonetic.size() > end.size() + 2 && absl::EndsWith(phonetic, end)) return true;
  }
  return false;
}

// Unicode work is the dearest part of reading a name, hence the cache.
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

// "Олександр Іванович Коваленко": one patronymic, only beside two names;
// the last part that looks like one is taken.
void SetPatronymicAside(Parsed* parsed) {
  if (parsed->names.size() < 3) return;
  for (size_t i = parsed->names.size(); i-- > 0;) {
    if (LooksLikePatronymic(parsed->names[i]->phonetic)) {
      parsed->patronymic = parsed->names[i]->phonetic;
      parsed->names.erase(parsed->names.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

Gender GenderOf(absl::string_view gender) {
  if (gender == "female") return Gender::kFemale;
  if (gender == "male") return Gender::kMale;
  return Gender::kUnknown;
}

}  // namespace

// For names of 6 letters or more, one typo cannot make another name.
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
  AddNearForms(phonetic, &name.canonicals);
  name.guessed = !name.canonicals.empty();
  return name;
}

Parsed Parse(const PersonSummary& p, TokenCache* cache) {
  Parsed parsed;
  parsed.phone = PhoneKey(p.phone);
  parsed.birth_year = p.birth_year;
  parsed.gender = GenderOf(p.gender);
  for (absl::string_view typed :
       absl::StrSplit(p.full_name, absl::ByAnyChar(" \t\r\n,;."), absl::SkipEmpty())) {
    const Token* t = Tokenize(typed, cache);
    if (t == nullptr) continue;
    parsed.names.push_back(t);
    parsed.any_known |= !t->first.canonicals.empty();
  }
  SetPatronymicAside(&parsed);
  return parsed;
}

bool MayBeGivenName(const Parsed& p, size_t i) {
  return !p.any_known || !p.names[i]->first.canonicals.empty();
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
