// Likely duplicate persons (duplicates.h): which pairs to compare, and the
// run over all persons. Persons are filed under block keys built from their
// names and phone, and only persons sharing a key are scored
// (duplicates_score.cc), so the run is roughly linear in the number of
// persons. Keys and the reading of a record are in duplicates_keys.cc and
// duplicates_parse.cc.
#include "client/src/duplicates/duplicates.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "client/src/duplicates/duplicates_internal.h"

namespace hromada {
namespace {

using duplicates_internal::MayBeGivenName;
using duplicates_internal::Parsed;
using duplicates_internal::Token;

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

// Given name + surname, and from 4 letters up + the surname one letter
// shorter (as WithDeletions): two surnames one typo apart share a key.
void AddNameKeys(absl::string_view given, absl::string_view surname, std::vector<uint64_t>* keys) {
  keys->push_back(KeyHash('n').Add(given).Add("|").Add(surname).value());
  if (surname.size() < 4) return;
  for (size_t cut = 0; cut < surname.size(); ++cut) {
    keys->push_back(KeyHash('n')
                        .Add(given)
                        .Add("|")
                        .Add(surname.substr(0, cut))
                        .Add(surname.substr(cut + 1))
                        .value());
  }
}

// Keys under which a person is filed; only persons sharing a key are
// compared. Given name (canonical) + surname catches script, diminutive and
// one-typo pairs; given name + the surname's consonants catches vowel slips
// (Гребенюк/Грибинюк); the given name's initial + surname catches a name
// written as initials ("Федорук В.І."); the phone the rest. Where no part
// is a name from the table, the surname alone catches a typo in the given
// name (a table name never matches a word outside the table, so those
// pairs need no key). Surnames two typos apart meet only through the phone.
void AddBlockKeys(const Parsed& p, std::vector<uint64_t>* keys) {
  if (!p.phone.empty()) keys->push_back(KeyHash('p').Add(p.phone).value());
  for (size_t f = 0; f < p.names.size(); ++f) {
    if (!MayBeGivenName(p, f)) continue;
    const Token& first = *p.names[f];
    std::vector<absl::string_view> given(first.first.canonicals.begin(),
                                         first.first.canonicals.end());
    if (given.empty()) given.push_back(first.phonetic);
    for (size_t s = 0; s < p.names.size(); ++s) {
      if (s == f || p.names[s]->is_initial) continue;
      const absl::string_view surname = p.names[s]->phonetic;
      keys->push_back(KeyHash('i').Add(first.initial).Add("|").Add(surname).value());
      if (first.is_initial) continue;
      if (!p.any_known) keys->push_back(KeyHash('s').Add(surname).value());
      const std::string consonants = duplicates_internal::ConsonantKey(surname);
      for (absl::string_view g : given) {
        AddNameKeys(g, surname, keys);
        keys->push_back(KeyHash('v').Add(g).Add("|").Add(consonants).value());
      }
    }
  }
}

// Past this many persons a key is too common to compare all pairs under it
// (the same surname in a large region); its persons still meet under their
// other keys.
constexpr size_t kMaxBlock = 200;

// (key, person) for every key of every person, sorted, each once.
std::vector<std::pair<uint64_t, uint32_t>> FiledByKey(const std::vector<Parsed>& parsed) {
  std::vector<std::pair<uint64_t, uint32_t>> filed;
  std::vector<uint64_t> keys;
  for (uint32_t i = 0; i < parsed.size(); ++i) {
    keys.clear();
    AddBlockKeys(parsed[i], &keys);
    for (uint64_t key : keys) filed.emplace_back(key, i);
  }
  std::sort(filed.begin(), filed.end());
  filed.erase(std::unique(filed.begin(), filed.end()), filed.end());
  return filed;
}

// Candidate pairs (i < j) sharing at least one key, each once.
std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(const std::vector<Parsed>& parsed) {
  const std::vector<std::pair<uint64_t, uint32_t>> filed = FiledByKey(parsed);
  std::vector<uint64_t> pairs;  // i << 32 | j
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
  for (uint64_t p : pairs) {
    out.emplace_back(static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p));
  }
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

bool BestFirst(const DuplicateSuggestion& x, const DuplicateSuggestion& y) {
  if (x.score != y.score) return x.score > y.score;
  return std::tie(x.a, x.b) < std::tie(y.a, y.b);
}

}  // namespace

std::vector<DuplicateSuggestion> SuggestDuplicates(
    const std::vector<PersonSummary>& persons, double min_score,
    const std::vector<std::pair<std::string, std::string>>& merged) {
  duplicates_internal::TokenCache cache;
  std::vector<Parsed> parsed;
  parsed.reserve(persons.size());
  for (const PersonSummary& p : persons) parsed.push_back(duplicates_internal::Parse(p, &cache));
  KnownSame known(merged);
  const duplicates_internal::InitialFits fits = duplicates_internal::CountInitialFits(parsed);
  std::vector<DuplicateSuggestion> out;
  for (auto [i, j] : CandidatePairs(parsed)) {
    if (persons[j].id < persons[i].id) std::swap(i, j);  // reasons read from a to b
    if (persons[i].id == persons[j].id || known.Same(persons[i].id, persons[j].id)) continue;
    DuplicateSuggestion s =
        duplicates_internal::Score(persons[i], parsed[i], persons[j], parsed[j], min_score, &fits);
    if (s.score >= min_score && s.score > 0) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), BestFirst);
  return out;
}

}  // namespace hromada
