#include "shared/base/hidden_characters.h"

#include <utf8proc.h>

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hromada {
namespace {

struct Named {
  int32_t code_point;
  const char* name;
  bool in_free_text;  // allowed in multi-line text
};

// Sorted by code point (binary search below).
constexpr Named kHidden[] = {
    {0x00AD, "SOFT HYPHEN", false},
    {0x034F, "COMBINING GRAPHEME JOINER", false},
    {0x061C, "ARABIC LETTER MARK", false},
    {0x115F, "HANGUL CHOSEONG FILLER", false},
    {0x1160, "HANGUL JUNGSEONG FILLER", false},
    {0x17B4, "KHMER VOWEL INHERENT AQ", false},
    {0x17B5, "KHMER VOWEL INHERENT AA", false},
    {0x180E, "MONGOLIAN VOWEL SEPARATOR", false},
    {0x200B, "ZERO WIDTH SPACE", false},
    {0x200C, "ZERO WIDTH NON-JOINER", true},
    {0x200D, "ZERO WIDTH JOINER", true},
    {0x200E, "LEFT-TO-RIGHT MARK", false},
    {0x200F, "RIGHT-TO-LEFT MARK", false},
    {0x2028, "LINE SEPARATOR", false},
    {0x2029, "PARAGRAPH SEPARATOR", false},
    {0x202A, "LEFT-TO-RIGHT EMBEDDING", false},
    {0x202B, "RIGHT-TO-LEFT EMBEDDING", false},
    {0x202C, "POP DIRECTIONAL FORMATTING", false},
    {0x202D, "LEFT-TO-RIGHT OVERRIDE", false},
    {0x202E, "RIGHT-TO-LEFT OVERRIDE", false},
    {0x2060, "WORD JOINER", false},
    {0x2061, "FUNCTION APPLICATION", false},
    {0x2062, "INVISIBLE TIMES", false},
    {0x2063, "INVISIBLE SEPARATOR", false},
    {0x2064, "INVISIBLE PLUS", false},
    {0x2066, "LEFT-TO-RIGHT ISOLATE", false},
    {0x2067, "RIGHT-TO-LEFT ISOLATE", false},
    {0x2068, "FIRST STRONG ISOLATE", false},
    {0x2069, "POP DIRECTIONAL ISOLATE", false},
    {0x206A, "INHIBIT SYMMETRIC SWAPPING", false},
    {0x206B, "ACTIVATE SYMMETRIC SWAPPING", false},
    {0x206C, "INHIBIT ARABIC FORM SHAPING", false},
    {0x206D, "ACTIVATE ARABIC FORM SHAPING", false},
    {0x206E, "NATIONAL DIGIT SHAPES", false},
    {0x206F, "NOMINAL DIGIT SHAPES", false},
    {0x3164, "HANGUL FILLER", false},
    {0xFEFF, "ZERO WIDTH NO-BREAK SPACE", false},
    {0xFFA0, "HALFWIDTH HANGUL FILLER", false},
    {0xFFF9, "INTERLINEAR ANNOTATION ANCHOR", false},
    {0xFFFA, "INTERLINEAR ANNOTATION SEPARATOR", false},
    {0xFFFB, "INTERLINEAR ANNOTATION TERMINATOR", false},
};

std::optional<HiddenCharacter> Check(int32_t cp, bool multi_line) {
  // Tags (U+E0000–E007F) spell invisible ASCII; emoji flags of regions use them.
  if (cp >= 0xE0000 && cp <= 0xE007F) {
    if (multi_line && cp >= 0xE0020) return std::nullopt;
    return HiddenCharacter{cp, "TAG CHARACTER"};
  }
  const Named* end = std::end(kHidden);
  const Named* at = std::lower_bound(std::begin(kHidden), end, cp,
                                     [](const Named& n, int32_t c) { return n.code_point < c; });
  if (at == end || at->code_point != cp || (multi_line && at->in_free_text)) return std::nullopt;
  return HiddenCharacter{cp, at->name};
}

}  // namespace

std::optional<HiddenCharacter> FindHiddenCharacter(absl::string_view text, bool multi_line) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return std::nullopt;
    // ASCII and most letters are far from every hidden character.
    if (cp >= 0xAD) {
      if (std::optional<HiddenCharacter> found = Check(cp, multi_line)) return found;
    }
    p += n;
    left -= n;
  }
  return std::nullopt;
}

std::string HiddenCharacterLabel(const HiddenCharacter& c) {
  return absl::StrFormat("U+%04X %s", c.code_point, c.name);
}

std::string HiddenCharacterRefusal(const HiddenCharacter& c) {
  return absl::StrCat("contains ", HiddenCharacterLabel(c),
                      ", which changes what a reader sees without being seen; remove it");
}

}  // namespace hromada
