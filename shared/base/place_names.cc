#include "shared/base/place_names.h"

#include <algorithm>
#include <functional>
#include <limits>

#include "shared/base/edit_distance.h"
#include "shared/base/text.h"

namespace hromada {
namespace {

double AllowedEdits(size_t length) { return length < 5 ? 0 : length < 8 ? 1 : 2; }

// The indexes of `places` with a name for which `score` is the lowest of
// all and within `limit`.
std::vector<size_t> Best(const std::vector<std::vector<std::string>>& places, double limit,
                         const std::function<double(const std::string&)>& score) {
  std::vector<double> best(places.size(), std::numeric_limits<double>::infinity());
  for (size_t i = 0; i < places.size(); ++i) {
    for (const std::string& name : places[i]) best[i] = std::min(best[i], score(name));
  }
  const double lowest = best.empty() ? limit + 1 : *std::min_element(best.begin(), best.end());
  std::vector<size_t> out;
  if (lowest > limit) return out;
  for (size_t i = 0; i < places.size(); ++i) {
    if (best[i] == lowest) out.push_back(i);
  }
  return out;
}

}  // namespace

std::string PlaceKey(absl::string_view name) {
  std::string out;
  for (char c : SearchKey(name)) {
    if (c == 'y') c = 'i';
    if (c < 'a' || c > 'z') continue;
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  return out;
}

std::vector<size_t> MatchPlaceName(absl::string_view typed,
                                   const std::vector<std::vector<std::string>>& places) {
  const std::string search = SearchKey(typed);
  std::vector<size_t> out = Best(
      places, 0, [&](const std::string& name) { return SearchKey(name) == search ? 0.0 : 1.0; });
  if (!out.empty()) return out;
  const std::string key = PlaceKey(typed);
  if (key.empty()) return out;
  out = Best(places, 0, [&](const std::string& name) { return PlaceKey(name) == key ? 0.0 : 1.0; });
  if (!out.empty()) return out;
  return Best(places, AllowedEdits(key.size()),
              [&](const std::string& name) { return EditDistance(key, PlaceKey(name)); });
}

}  // namespace hromada
