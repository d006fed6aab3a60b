// Which community a person means by what they typed after --community,
// the same in both binaries: `hromada report --community Bilozerka` on a
// device and `hromada-server admin report --community Bilozerka` (or
// add-device, set-device) on the server choose alike, and fail alike.
// Stateless; thread-safe.
#ifndef HROMADA_SHARED_BASE_COMMUNITY_NAMES_H_
#define HROMADA_SHARED_BASE_COMMUNITY_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {

// What a person typed as a part of an id ("ec7c", "fa40-9b"): its hex
// digits in lower case, dashes dropped, when there are at least
// kMinIdPart and nothing else; "" otherwise. Records and communities are
// named by the start or end of their id this way.
inline constexpr size_t kMinIdPart = 4;
std::string IdPartOf(absl::string_view typed);

struct KnownCommunity {
  std::string id;  // canonical UUID text
  std::string name_latin, name_uk;
};

// What a binary knows of the communities.
struct CommunityLookup {
  std::vector<KnownCommunity> known;
  // When a name fits several, the only one of these (the device's own
  // communities) is meant.
  std::vector<std::string> own;
  // A full id not in `known` is taken as is: a device that has not synced
  // yet may still name one. Otherwise it is NOT_FOUND.
  bool take_unknown_id = false;
  // Who knows: "this device", "this database"; and what to do when none
  // fits ("sync to get the communities, or give its id").
  std::string knower, remedy;
};

// The id of the community `typed` names: its full id; else a name in
// either script, any case, or a spelling found in the field
// (shared/base/place_names.h); else the start or end of its id (4 hex
// digits or more). NOT_FOUND when none fits ("this device knows no
// community 'X'; <remedy>"), INVALID_ARGUMENT listing them when several
// do, or when `typed` is empty.
absl::StatusOr<std::string> ChooseCommunity(absl::string_view typed, const CommunityLookup& lookup);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_COMMUNITY_NAMES_H_
