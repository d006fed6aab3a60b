#include "shared/base/community_names.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "shared/base/place_names.h"
#include "shared/base/uuid.h"

namespace hromada {

std::string IdPartOf(absl::string_view typed) {
  std::string hex = absl::AsciiStrToLower(absl::StrReplaceAll(typed, {{"-", ""}}));
  if (hex.size() < kMinIdPart) return "";
  for (char c : hex) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return "";
  }
  return hex;
}

namespace {

// Those whose id starts with `hex`, else those whose id ends with it (new
// ids are time-ordered, so their last digits differ most).
std::vector<const KnownCommunity*> ByIdPart(const std::vector<KnownCommunity>& known,
                                            const std::string& hex) {
  std::vector<const KnownCommunity*> found;
  for (bool start : {true, false}) {
    for (const KnownCommunity& c : known) {
      const std::string id = absl::StrReplaceAll(c.id, {{"-", ""}});
      if (start ? absl::StartsWith(id, hex) : absl::EndsWith(id, hex)) found.push_back(&c);
    }
    if (!found.empty()) break;
  }
  return found;
}

absl::StatusOr<std::string> OneOf(absl::string_view typed,
                                  const std::vector<const KnownCommunity*>& found,
                                  const CommunityLookup& lookup) {
  if (found.size() == 1) return found[0]->id;
  if (found.empty()) {
    return absl::NotFoundError(absl::StrCat(lookup.knower, " knows no community '", typed, "'",
                                            lookup.remedy.empty() ? "" : "; ", lookup.remedy));
  }
  std::vector<const KnownCommunity*> own;
  for (const KnownCommunity* c : found) {
    if (std::find(lookup.own.begin(), lookup.own.end(), c->id) != lookup.own.end()) {
      own.push_back(c);
    }
  }
  if (own.size() == 1) return own[0]->id;
  std::vector<std::string> shown;
  for (const KnownCommunity* c : found) shown.push_back(absl::StrCat(c->id, " ", c->name_latin));
  return absl::InvalidArgumentError(absl::StrCat("'", typed, "' matches ", found.size(),
                                                 " communities: ", absl::StrJoin(shown, "; "),
                                                 "; give more of the name or of the id"));
}

}  // namespace

absl::StatusOr<std::string> ChooseCommunity(absl::string_view typed,
                                            const CommunityLookup& lookup) {
  const std::string text(absl::StripAsciiWhitespace(typed));
  if (text.empty()) return absl::InvalidArgumentError("name a community (its name or id)");
  std::vector<const KnownCommunity*> found;
  if (absl::StatusOr<Uuid> id = Uuid::Parse(text); id.ok()) {
    const std::string canonical = id->ToString();
    if (lookup.take_unknown_id) return canonical;
    for (const KnownCommunity& c : lookup.known) {
      if (c.id == canonical) found.push_back(&c);
    }
    return OneOf(text, found, lookup);
  }
  std::vector<std::vector<std::string>> names;
  for (const KnownCommunity& c : lookup.known) names.push_back({c.name_latin, c.name_uk});
  for (size_t i : MatchPlaceName(text, names)) found.push_back(&lookup.known[i]);
  if (const std::string hex = IdPartOf(text); found.empty() && !hex.empty()) {
    found = ByIdPart(lookup.known, hex);
  }
  return OneOf(text, found, lookup);
}

}  // namespace hromada
