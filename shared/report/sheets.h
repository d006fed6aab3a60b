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

#include "shared/report/render.h"
#include "shared/report/report.h"

namespace hromada {

// A fraction shown as a percentage (0.625 is 62.5%).
struct Share {
  double fraction = 0;
};

// A cell: text, a count, a score/days figure, or a share.
using ReportCell = std::variant<std::string, int64_t, double, Share>;

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

// The same sheets for people, in `lang` (the workbook): sheet names,
// headers and codes (formats, genders, statuses, breakdowns, question
// types and methods, the measures of the summary) in the words of the
// report's catalogue (labels.h), and a "share" need's scores as Share
// cells. Ids, names, dates and numbers stay as they are.
std::vector<ReportSheet> ReportSheetsInWords(const Report& report, ReportLang lang);

}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_SHEETS_H_
