#include "shared/base/text.h"

#include <utf8proc.h>

#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hromada {
namespace {

// utf8proc_map with `options`; the text is assumed valid UTF-8.
std::string Map(absl::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                          static_cast<utf8proc_ssize_t>(text.size()), &out,
                                          static_cast<utf8proc_option_t>(options));
  std::string result = n < 0 ? std::string(text) : std::string(reinterpret_cast<char*>(out), n);
  std::free(out);
  return result;
}

std::vector<int32_t> CodePoints(absl::string_view text) {
  std::vector<int32_t> cps;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;
    cps.push_back(cp);
    p += n;
    left -= n;
  }
  return cps;
}

void Append(int32_t cp, std::string* out) {
  utf8proc_uint8_t buf[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
  out->append(reinterpret_cast<char*>(buf), n);
}

bool IsLetter(int32_t cp) {
  const utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool IsSpace(int32_t cp) {
  return (cp >= '\t' && cp <= '\r') || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

bool IsApostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

// The Latin of one lower-case Ukrainian letter; `initial` at a word's
// start, where є ї й ю я take their y- forms.
const char* Latin(int32_t lower, bool initial) {
  switch (lower) {
    case 0x0430:
      return "a";
    case 0x0431:
      return "b";
    case 0x0432:
      return "v";
    case 0x0433:
      return "h";
    case 0x0491:
      return "g";
    case 0x0434:
      return "d";
    case 0x0435:
      return "e";
    case 0x0454:
      return initial ? "ye" : "ie";
    case 0x0436:
      return "zh";
    case 0x0437:
      return "z";
    case 0x0438:
      return "y";
    case 0x0456:
      return "i";
    case 0x0457:
      return initial ? "yi" : "i";
    case 0x0439:
      return initial ? "y" : "i";
    case 0x043A:
      return "k";
    case 0x043B:
      return "l";
    case 0x043C:
      return "m";
    case 0x043D:
      return "n";
    case 0x043E:
      return "o";
    case 0x043F:
      return "p";
    case 0x0440:
      return "r";
    case 0x0441:
      return "s";
    case 0x0442:
      return "t";
    case 0x0443:
      return "u";
    case 0x0444:
      return "f";
    case 0x0445:
      return "kh";
    case 0x0446:
      return "ts";
    case 0x0447:
      return "ch";
    case 0x0448:
      return "sh";
    case 0x0449:
      return "shch";
    case 0x044C:
      return "";
    case 0x044E:
      return initial ? "yu" : "iu";
    case 0x044F:
      return initial ? "ya" : "ia";
    default:
      return nullptr;
  }
}

}  // namespace

absl::StatusOr<std::string> NormalizeText(absl::string_view text) {
  if (!IsValidUtf8(text)) return absl::InvalidArgumentError("the text is not valid UTF-8");
  const std::vector<int32_t> cps = CodePoints(Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  size_t begin = 0, end = cps.size();
  while (begin < end && IsSpace(cps[begin])) ++begin;
  while (end > begin && IsSpace(cps[end - 1])) --end;
  std::string out;
  for (size_t i = begin; i < end; ++i) Append(cps[i], &out);
  return out;
}

std::string FoldCase(absl::string_view text) {
  return Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

std::string TransliterateUk(absl::string_view text) {
  const std::vector<int32_t> cps = CodePoints(Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::string out;
  bool word_start = true;
  int32_t previous = 0;
  for (int32_t cp : cps) {
    const int32_t lower = utf8proc_tolower(cp);
    const char* latin = Latin(lower, word_start);
    if (latin == nullptr) {
      if (!IsApostrophe(cp)) Append(cp, &out);
      word_start = !IsLetter(cp) && !IsApostrophe(cp);
      previous = 0;
      continue;
    }
    // "зг" becomes "zgh", so that it does not read as "zh".
    std::string piece = (lower == 0x0433 && previous == 0x0437) ? "gh" : latin;
    if (cp != lower && !piece.empty()) piece[0] = static_cast<char>(piece[0] - 'a' + 'A');
    out += piece;
    word_start = false;
    previous = lower;
  }
  return out;
}

namespace {

// Russian-only letters as the Ukrainian letters they are spelled with in
// names, so "Мартынюк" and "Ковалёва" find "Мартинюк" and "Ковальова".
std::string UkrainianSpelling(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (int32_t cp : CodePoints(text)) {
    switch (cp) {
      case 0x042B:                                     // Ы
      case 0x044B:                                     // ы
        Append(cp == 0x042B ? 0x0418 : 0x0438, &out);  // И и
        break;
      case 0x042D:                                     // Э
      case 0x044D:                                     // э
        Append(cp == 0x042D ? 0x0415 : 0x0435, &out);  // Е е
        break;
      case 0x0401:             // Ё
      case 0x0451:             // ё
        Append(0x044C, &out);  // ь, then о
        Append(cp == 0x0401 ? 0x041E : 0x043E, &out);
        break;
      case 0x042A:  // Ъ
      case 0x044A:  // ъ
        out += '\'';
        break;
      default:
        Append(cp, &out);
    }
  }
  return out;
}

// The official spelling of one lower-case letter of the ISO 9 or the
// scholarly (Czech-style) transliteration, "" for its soft sign and
// apostrophe; `initial` at a word's start, as in Latin(). nullptr for any
// other code point.
const char* KmuSpelling(int32_t lower, bool initial) {
  switch (lower) {
    case 0x0161:  // š
      return "sh";
    case 0x010D:  // č
      return "ch";
    case 0x017E:  // ž
      return "zh";
    case 0x015D:  // ŝ, ISO 9 щ
      return "shch";
    case 0x00EC:  // ì, ISO 9 і
      return "i";
    case 0x00EF:  // ï
      return initial ? "yi" : "i";
    case 0x00EA:  // ê, ISO 9 є
    case 0x011B:  // ě
      return initial ? "ye" : "ie";
    case 0x00FB:  // û, ISO 9 ю
      return initial ? "yu" : "iu";
    case 0x00E2:  // â, ISO 9 я
      return initial ? "ya" : "ia";
    case 0x0300:  // the grave of ISO 9 g̀ (ґ)
    case 0x02B9:  // ʹ, ISO 9 ь
    case 0x02BA:  // ʺ
      return "";
    default:
      return nullptr;
  }
}

// Latin typed in the ISO 9 or scholarly system, read in the official one:
// "Ščerbak" as "shcherbak", "Ûrìj" as "yurij". `folded` is case-folded.
std::string KmuLatin(const std::string& folded) {
  std::string out;
  bool word_start = true;
  for (int32_t cp : CodePoints(folded)) {
    const char* kmu = KmuSpelling(cp, word_start);
    if (kmu == nullptr) {
      Append(cp, &out);
    } else {
      out += kmu;
    }
    word_start = !IsLetter(cp) && !IsApostrophe(cp) && kmu == nullptr;
  }
  return out;
}

// Latin letters and the Cyrillic letters they look like, as a phone
// keyboard switched to the wrong layout mid-word types them.
constexpr std::pair<int32_t, int32_t> kLookalikes[] = {
    {'A', 0x0410}, {'a', 0x0430}, {'B', 0x0412}, {'C', 0x0421}, {'c', 0x0441},  {'E', 0x0415},
    {'e', 0x0435}, {'H', 0x041D}, {'I', 0x0406}, {'i', 0x0456}, {'K', 0x041A},  {'k', 0x043A},
    {'M', 0x041C}, {'O', 0x041E}, {'o', 0x043E}, {'P', 0x0420}, {'p', 0x0440},  {'T', 0x0422},
    {'X', 0x0425}, {'x', 0x0445}, {'Y', 0x0423}, {'y', 0x0443}, {0xCF, 0x0407}, {0xEF, 0x0457}};

bool IsCyrillic(int32_t cp) { return cp >= 0x0400 && cp <= 0x052F; }

// The look-alike of `cp` in the other script, or 0.
int32_t Lookalike(int32_t cp) {
  for (const auto& [latin, cyrillic] : kLookalikes) {
    if (cp == latin) return cyrillic;
    if (cp == cyrillic) return latin;
  }
  return 0;
}

// One word (letters and apostrophes) with its look-alike letters written in
// the script its other letters are in: "Cергій" (a Latin C) as "Сергій".
// A word with letters only Cyrillic has and letters only Latin has is left.
void AppendWordInOneScript(const std::vector<int32_t>& word, std::string* out) {
  int cyrillic = 0, latin = 0, cyrillic_look = 0, latin_look = 0;
  for (int32_t cp : word) {
    if (!IsLetter(cp)) continue;
    const bool look = Lookalike(cp) != 0;
    if (IsCyrillic(cp)) {
      ++(look ? cyrillic_look : cyrillic);
    } else {
      ++(look ? latin_look : latin);
    }
  }
  bool to_cyrillic = cyrillic > 0 && latin == 0;
  bool to_latin = latin > 0 && cyrillic == 0;
  if (cyrillic == 0 && latin == 0) {
    to_cyrillic = cyrillic_look >= latin_look;
    to_latin = !to_cyrillic;
  }
  for (int32_t cp : word) {
    const int32_t other = Lookalike(cp);
    const bool swap = other != 0 && (IsCyrillic(cp) ? to_latin : to_cyrillic);
    Append(swap ? other : cp, out);
  }
}

// Each run of white space as one space, none at the ends, and each word in
// one script.
std::string OneScriptSingleSpaced(absl::string_view text) {
  std::string out;
  std::vector<int32_t> word;
  bool space = false;
  for (int32_t cp : CodePoints(Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE))) {
    if (IsLetter(cp) || IsApostrophe(cp)) {
      if (space && !out.empty()) out += ' ';
      space = false;
      word.push_back(cp);
      continue;
    }
    AppendWordInOneScript(word, &out);
    word.clear();
    if (IsSpace(cp)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    Append(cp, &out);
  }
  AppendWordInOneScript(word, &out);
  return out;
}

// `key` (folded Latin) with each run of i, y and j inside a word that
// comes before a, e or u written as one i: the ways people write ія, ію
// and іє in Latin ("ia", "iia", "iya", "ija", and Russian "ия" read as
// "yia") meet. A run at a word's start stays (Yulia, Yevhen).
std::string OneIBeforeAVowel(const std::string& key) {
  auto is_i = [](char c) { return c == 'i' || c == 'y' || c == 'j'; };
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c & 0x80) != 0; };
  std::string out;
  for (size_t i = 0; i < key.size();) {
    size_t end = i;
    while (end < key.size() && is_i(key[end])) ++end;
    const bool inside = i > 0 && is_letter(key[i - 1]);
    if (end > i && inside && end < key.size() &&
        (key[end] == 'a' || key[end] == 'e' || key[end] == 'u')) {
      out += 'i';
      i = end;
      continue;
    }
    if (end > i) {
      out.append(key, i, end - i);
      i = end;
    } else {
      out += key[i++];
    }
  }
  return out;
}

}  // namespace

std::string SearchKey(absl::string_view text) {
  return OneIBeforeAVowel(
      KmuLatin(FoldCase(TransliterateUk(UkrainianSpelling(OneScriptSingleSpaced(text))))));
}

std::string BytesText(uint64_t bytes) {
  if (bytes < 1000) return absl::StrCat(bytes, " B");
  if (bytes < 1000 * 1000) return absl::StrFormat("%.1f kB", static_cast<double>(bytes) / 1e3);
  return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / 1e6);
}

std::string ShownText(absl::string_view text, size_t max_bytes) {
  std::string out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      n = 1;
      cp = 0xFFFD;
    }
    std::string one;
    Append(cp, &one);
    if (out.size() + one.size() > max_bytes) return out + "\u2026";
    out += one;
    p += n;
    left -= n;
  }
  return out;
}

int64_t CountCodePoints(absl::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  int64_t count = 0;
  for (utf8proc_int32_t cp; left > 0; ++count) {
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0 || cp == 0) return -1;
    p += n;
    left -= n;
  }
  return count;
}

bool IsValidUtf8(absl::string_view text) { return CountCodePoints(text) >= 0; }

std::optional<int32_t> FindControl(absl::string_view text, bool multi_line) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return std::nullopt;
    const bool control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
    if (control && !(multi_line && (cp == '\n' || cp == '\t'))) return cp;
    p += n;
    left -= n;
  }
  return std::nullopt;
}

}  // namespace hromada
