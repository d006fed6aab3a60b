// A Report as tables: one per section, one row per thing counted (a
// community, a meeting, a need option, …) and one column per figure, with
// numbers kept as numbers. The CSV (one wide table per section) and the
// workbook (one sheet per section, render_xlsx.h) are both written from
// this, so they hold the same cells.
//
// Thread-safe: pure functions.
#ifndef HROMADA_SHARED_REPORT_SHEETS_H_
#define HROMADA_SHARED_REPORT_SHEETS_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "shared/report/report.h"

namespace hromada {

// A cell: text, a count, or a score/days figure.
using ReportCell = std::variant<std::string, int64_t, double>;

struct ReportSheet {
  std::string name;                           // "summary", "communities", … (ASCII, ≤ 31 chars)
  std::vector<std::string> columns;           // the header row
  std::vector<std::vector<ReportCell>> rows;  // each as wide as `columns`
};

// The sections in order: summary (measure, value), communities, meetings,
// breakdowns, needs (one row per ranked option, with its question's
// columns), initiative_statuses. Every section is present, possibly with
// no rows.
std::vector<ReportSheet> ReportSheets(const Report& report);

}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_SHEETS_H_
