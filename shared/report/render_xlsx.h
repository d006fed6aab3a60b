// A Report as an Excel workbook (.xlsx, by libxlsxwriter), and the one
// switch over every report format that the two CLIs use (`hromada report`
// and `hromada-server admin report`).
//
// Thread-safe: each call writes its own temporary file.
#ifndef HROMADA_SHARED_REPORT_RENDER_XLSX_H_
#define HROMADA_SHARED_REPORT_RENDER_XLSX_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shared/report/render.h"
#include "shared/report/report.h"

namespace hromada {

// The workbook's bytes: one sheet per section in `lang`'s words
// (ReportSheetsInWords, sheets.h), its header row bold, frozen and
// filterable, counts and scores as numbers, shares as numbers shown as
// percentages, text as text (never run as a formula). UNAVAILABLE if the
// temporary file cannot be written, INTERNAL if libxlsxwriter fails.
absl::StatusOr<std::string> RenderXlsx(const Report& report, ReportLang lang = ReportLang::kUk);

// OK for a format RenderReportFile knows: ParseReportFormat's names and
// "xlsx"; INVALID_ARGUMENT with the list otherwise.
absl::Status CheckReportFileFormat(absl::string_view format);

// The report in `format`; with `bom`, a CSV starts with a UTF-8 byte-order
// mark (for Excel on Windows; other formats ignore it). `options` apply to
// the table and HTML (words and prepared-by line) and to the workbook
// (words). Errors as above.
absl::StatusOr<std::string> RenderReportFile(const Report& report, absl::string_view format,
                                             bool bom, const RenderOptions& options = {});

}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_RENDER_XLSX_H_
