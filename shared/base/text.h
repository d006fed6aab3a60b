// Text as field staff type it: Ukrainian first, Latin sometimes, in any
// case. Normalisation for storing, and keys for finding a name typed in
// either script (utf8proc does the Unicode work). Groundwork of issue 3.
#ifndef HROMADA_SHARED_BASE_TEXT_H_
#define HROMADA_SHARED_BASE_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {

// Trims white space at both ends and composes to NFC, so that "й" typed as
// и + combining breve and "й" typed whole are the same text.
// INVALID_ARGUMENT if `text` is not valid UTF-8.
absl::StatusOr<std::string> NormalizeText(absl::string_view text);

// Unicode case folding (Cyrillic and Latin alike), composed.
std::string FoldCase(absl::string_view text);

// Ukrainian Cyrillic in the official Latin transliteration (Cabinet of
// Ministers resolution 55 of 2010): "Чорнобаївка" -> "Chornobaivka",
// "Єлизавета" -> "Yelyzaveta", "Згурівка" -> "Zghurivka". Letters that are
// not Ukrainian Cyrillic pass through; the apostrophe and soft sign go.
std::string TransliterateUk(absl::string_view text);

// What a name is found by: transliterated and case-folded, so "Олена",
// "ОЛЕНА" and "olena" share one key. Russian-only letters are read as the
// Ukrainian spelling of the same sound (ы as и, э as е, ё as ьо), so
// "Мартынюк" is found as "Martyniuk". Latin typed in the ISO 9 or the
// scholarly system is read in the official one (š as sh, č as ch, ŝ as
// shch, û as iu, ʹ dropped), so "Ščerbak" is found as "Shcherbak". White
// space as typed is one space; a letter that looks like one of the other
// script, in a word otherwise in one script, is read in that script
// ("Cергій" with a Latin C is "Сергій"). Inside a word, i, y and j run
// together before a, e or u are one i, so "Марія" (Mariia), "Maria",
// "Mariya", "Marija" and "Мария" share a key, as "Юлія" and "Yulia" do.
// A part of a name is found in a whole one by comparing their keys with a
// substring test.
std::string SearchKey(absl::string_view text);

// `text` made fit to show in one message: each byte that is not part of
// valid UTF-8 becomes U+FFFD, and text longer than `max_bytes` is cut at a
// code point's end, with "…" after it.
std::string ShownText(absl::string_view text, size_t max_bytes);

// A size for people, in decimal units: "812 B", "12.3 kB", "4.5 MB".
std::string BytesText(uint64_t bytes);

// Code points in `text`, or -1 if it is not valid UTF-8 or holds NUL.
int64_t CountCodePoints(absl::string_view text);

// True if `text` is valid UTF-8 (and holds no NUL).
bool IsValidUtf8(absl::string_view text);

// The first C0 or C1 control character in `text` that text shown to other
// people may not hold, or nullopt. Newline and tab are allowed when
// `multi_line`; nothing else is: ESC and CSI rewrite terminals, and CR or
// TAB at a cell's start is read by spreadsheets. Invalid UTF-8 ends the
// search (CountCodePoints names it).
std::optional<int32_t> FindControl(absl::string_view text, bool multi_line);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_TEXT_H_
