// Characters that change what a reader sees without being seen: bidi
// controls (U+202E RIGHT-TO-LEFT OVERRIDE shows "Олена" stored as
// "\u202Eанело" – or a name turned round, or a number reordered), line and
// paragraph separators that break a line where no newline is, and
// invisible characters (zero-width spaces, the byte-order mark, the soft
// hyphen, fillers) that make two names look the same while they are not.
// Text shown to other people holds none of them (issue 22); one check,
// run by both replicas through the apply rule (shared/sync/validate.cc)
// and by whatever else takes names (forms, device names).
//
// Stateless; thread-safe.
#ifndef HROMADA_SHARED_BASE_HIDDEN_CHARACTERS_H_
#define HROMADA_SHARED_BASE_HIDDEN_CHARACTERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace hromada {

struct HiddenCharacter {
  int32_t code_point = 0;
  absl::string_view name;  // its Unicode name, e.g. "RIGHT-TO-LEFT OVERRIDE"
};

// The first hidden character in `text`, or nullopt. Free text that runs
// over lines (`multi_line`: notes, topics, answers) may keep the zero
// width joiner and non-joiner and the tag characters, which join emoji
// and some scripts' letters; names and other one-line text may not.
// Invalid UTF-8 ends the search (CountCodePoints names it).
std::optional<HiddenCharacter> FindHiddenCharacter(absl::string_view text, bool multi_line);

// "U+202E RIGHT-TO-LEFT OVERRIDE": how a refusal names it.
std::string HiddenCharacterLabel(const HiddenCharacter& c);
// The end of every refusal of one, after what holds it: "contains U+202E
// RIGHT-TO-LEFT OVERRIDE, which changes what a reader sees without being
// seen; remove it".
std::string HiddenCharacterRefusal(const HiddenCharacter& c);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_HIDDEN_CHARACTERS_H_
