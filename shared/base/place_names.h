// Finding a community by its name as people type it. The network's own
// publications spell the same place several ways ("Chornobaiivka",
// "Visokopillia", "Novovorontsovsk" for Chornobaivka, Vysokopillia,
// Novovorontsovka), in either script, in any case. The server's admin
// commands and the field CLI resolve names through this one rule.
#ifndef HROMADA_SHARED_BASE_PLACE_NAMES_H_
#define HROMADA_SHARED_BASE_PLACE_NAMES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {

// A place name reduced to what spellings of it share: its SearchKey
// (transliterated, case-folded) with y read as i, doubled letters as one,
// and everything but a-z dropped.
std::string PlaceKey(absl::string_view name);

// Which of `places` (each a place's names: Latin, Ukrainian, …) `typed`
// names, by index, best first:
//   - those with a name whose SearchKey equals the typed one; else
//   - those with a name whose PlaceKey equals the typed one; else
//   - those with a name within a typo's reach of it (one edit for keys
//     under 8 letters, two from 8 on), the closest only.
// Empty when none is near; several when the typed name does not choose.
std::vector<size_t> MatchPlaceName(absl::string_view typed,
                                   const std::vector<std::vector<std::string>>& places);

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_PLACE_NAMES_H_
