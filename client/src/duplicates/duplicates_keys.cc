// Keys and distances for matching names (duplicates_internal.h): a coarse
// phonetic key that forgives the Russian/Ukrainian/English spelling habits
// the official transliteration keeps apart (и/і/ы, е/є/э, г/h/g, ts/c), an
// edit distance on it for typos, and the digits of a phone.
#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_replace.h"
#include "client/src/duplicates/duplicates_internal.h"
#include "shared/base/edit_distance.h"

namespace hromada {
namespace duplicates_internal {
namespace {

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

// Ukrainian і stands where Russian has е or о (Білоус/Белоус,
// Чорновіл/Чорновол, Федір/Фёдор), unstressed е and и sound alike
// (Гребенюк/Грибинюк; и is "i" here) and so do unstressed о and а
// (Колесник/Калесник), so those swaps cost less than half an edit.
double SubstitutionCost(char a, char b) {
  if (a == b) return 0;
  auto eio = [](char c) { return c == 'e' || c == 'i' || c == 'o'; };
  if ((a == 'i' || b == 'i') && eio(a) && eio(b)) return kVowelSlip;
  return (a == 'a' && b == 'o') || (a == 'o' && b == 'a') ? kVowelSlip : 1;
}

// Keys longer than this compare by their first kMaxKey bytes.
constexpr size_t kMaxKey = 40;

}  // namespace

// Russian ы э ё ъ survive SearchKey, so they are spelled out first.
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

double EditDistance(absl::string_view a, absl::string_view b) {
  return hromada::EditDistance(a.substr(0, kMaxKey), b.substr(0, kMaxKey), SubstitutionCost);
}

std::string ConsonantKey(absl::string_view phonetic) {
  std::string out;
  for (char c : phonetic) {
    if (std::strchr("aeiou", c) == nullptr) out += c;
  }
  return out;
}

double AllowedEdits(size_t length) { return length < 4 ? 0 : length < 8 ? 1 : 2; }

std::vector<std::string> WithDeletions(const std::string& key) {
  std::vector<std::string> out = {key};
  if (key.size() < 4) return out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i == 0 || key[i] != key[i - 1]) out.push_back(key.substr(0, i) + key.substr(i + 1));
  }
  return out;
}

// "+380 67 123 45 67" and "067-123-4567" alike: Ukrainian numbers differ
// only in how much of the country and operator prefix is written.
std::string PhoneKey(absl::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits.size() < 9 ? "" : digits.substr(digits.size() - 9);
}

}  // namespace duplicates_internal
}  // namespace hromada
