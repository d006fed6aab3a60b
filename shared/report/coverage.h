// Who has reported: a network's communities month by month, each month
// with the meetings held, the attendances at them and the final survey
// responses given. The grid is read off a Report (report.h) built over
// exactly its months, so the grid and the report never count differently
// (merged persons once, deleted meetings not at all, drafts not at all).
// A month with no meeting and no response is one that community has not
// reported. Pure functions; thread-safe.
#ifndef HROMADA_SHARED_REPORT_COVERAGE_H_
#define HROMADA_SHARED_REPORT_COVERAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shared/report/report.h"

namespace hromada {

inline constexpr int kMaxCoverageMonths = 36;

struct CoverageCell {
  int64_t meetings = 0;
  int64_t attendances = 0;  // distinct (meeting, individual), as the report counts
  int64_t survey_responses = 0;
  // Whether the community reported anything that month.
  bool reported() const { return meetings > 0 || survey_responses > 0; }
};

struct CoverageRow {
  std::string community_id;  // canonical UUID text
  std::string name_uk, name_latin;
  std::vector<CoverageCell> cells;  // one per Coverage::months, in that order
};

struct Coverage {
  std::vector<std::string> months;  // "YYYY-MM", oldest first
  std::vector<CoverageRow> rows;    // by Latin name, then id
};

// The report query for the `months` months that end with `last_month`
// ("YYYY-MM"): from the first day of the first to the last day of the
// last, the whole network (no community). INVALID_ARGUMENT for a month not
// written like 2026-03 or a count outside 1..kMaxCoverageMonths.
absl::StatusOr<ReportQuery> CoverageQuery(absl::string_view last_month, int months);

// The grid of `report`, which must have been built from a CoverageQuery
// (INVALID_ARGUMENT if its period is not whole months). One row per id in
// `communities` (canonical UUID text; empty: every community the report
// lists), named as the report names it (a community it does not know is
// named by its id), every month present even when empty.
absl::StatusOr<Coverage> CountCoverage(const Report& report,
                                       const std::vector<std::string>& communities);

}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_COVERAGE_H_
