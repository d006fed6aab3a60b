// Optimal string alignment distance: the fewest insertions, deletions,
// substitutions and swaps of two neighbouring bytes that turn `a` into `b`
// (each costs one, a substitution costs `substitution(x, y)`). Bytes, not
// letters: callers compare ASCII keys (transliterated names, command
// names). Used for typos in names, place names and commands alike.
//
// O(|a|·|b|) time and memory; callers keep their keys short.
#ifndef HROMADA_SHARED_BASE_EDIT_DISTANCE_H_
#define HROMADA_SHARED_BASE_EDIT_DISTANCE_H_

#include <algorithm>
#include <vector>

#include "absl/strings/string_view.h"

namespace hromada {

template <typename SubstitutionCost>
double EditDistance(absl::string_view a, absl::string_view b, SubstitutionCost substitution) {
  std::vector<double> d((a.size() + 1) * (b.size() + 1));
  auto at = [&](size_t i, size_t j) -> double& { return d[i * (b.size() + 1) + j]; };
  for (size_t i = 0; i <= a.size(); ++i) at(i, 0) = static_cast<double>(i);
  for (size_t j = 0; j <= b.size(); ++j) at(0, j) = static_cast<double>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const double change = a[i - 1] == b[j - 1] ? 0 : substitution(a[i - 1], b[j - 1]);
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + change});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

inline double EditDistance(absl::string_view a, absl::string_view b) {
  return EditDistance(a, b, [](char, char) { return 1.0; });
}

}  // namespace hromada

#endif  // HROMADA_SHARED_BASE_EDIT_DISTANCE_H_
