#include "shared/cli/dates.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace hromada::cli {
namespace {

// The year, month and day of a date-shaped `text`, in that order; nullopt
// if it is not shaped as one (any numbers in range or not).
std::optional<std::vector<int>> DateParts(absl::string_view text) {
  const bool dots = absl::StrContains(text, '.');
  std::vector<std::string> parts = absl::StrSplit(text, dots ? '.' : '-');
  if (parts.size() != 3) return std::nullopt;
  if (dots) std::swap(parts[0], parts[2]);  // day first
  if (parts[0].size() != 4) return std::nullopt;
  std::vector<int> numbers;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p.empty() || (i > 0 && p.size() > 2)) return std::nullopt;
    if (!std::all_of(p.begin(), p.end(), absl::ascii_isdigit)) return std::nullopt;
    int n = 0;
    if (!absl::SimpleAtoi(p, &n)) return std::nullopt;
    numbers.push_back(n);
  }
  return numbers;
}

}  // namespace

std::optional<std::string> ReadDate(absl::string_view text) {
  const std::optional<std::vector<int>> parts = DateParts(text);
  if (!parts.has_value()) return std::nullopt;
  const int y = (*parts)[0], m = (*parts)[1], d = (*parts)[2];
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return std::nullopt;  // 31.02
  return absl::FormatCivilTime(day);
}

CLI::Validator DateTyped() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::optional<std::string> date = ReadDate(text);
        if (date.has_value()) {
          text = *date;
          return "";
        }
        if (DateParts(text).has_value()) {
          return "there is no day " + text + " (dates are YYYY-MM-DD or DD.MM.YYYY)";
        }
        return "must be a date as YYYY-MM-DD or DD.MM.YYYY, not '" + text + "'";
      },
      "DATE");
}

}  // namespace hromada::cli
