// A Report (report.h) written out for people and for other tools. Every
// format holds the same numbers.
#ifndef HROMADA_SHARED_REPORT_RENDER_H_
#define HROMADA_SHARED_REPORT_RENDER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shared/report/report.h"

namespace hromada {

enum class ReportFormat { kTable, kCsv, kJson, kHtml };

// "table", "csv", "json", "html"; INVALID_ARGUMENT otherwise.
absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name);

// The language codes are shown in: Ukrainian (the default) or English.
enum class ReportLang { kUk, kEn };

// "uk", "en"; INVALID_ARGUMENT otherwise.
absl::StatusOr<ReportLang> ParseReportLang(absl::string_view name);

// How a report is written for people; the numbers never change with it.
// The table and HTML show labels (lang) instead of codes and the
// prepared-by line; CSV and JSON keep the codes, so that tools and the
// server/device comparison read the same thing in every language, and add
// nothing that differs between who ran the report.
struct RenderOptions {
  ReportLang lang = ReportLang::kUk;
  // Who prepared the report and when ("device-3, 2026-11-30 11:31 UTC"),
  // shown under the title; "" shows no line.
  std::string prepared_by;
};

// "NAME, YYYY-MM-DD HH:MM UTC" for RenderOptions::prepared_by, the time
// being `unix_seconds`.
std::string PreparedBy(absl::string_view name, int64_t unix_seconds);

// A terminal table: headline figures, then one aligned table per section.
std::string RenderTable(const Report& report, const RenderOptions& options = {});
// One wide table per section (sheets.h): the section's name on a line of
// its own, a header row, a row per item, then a blank line. RFC 4180
// quoting, CRLF line ends; text a spreadsheet would run as a formula gets
// a leading quote. No byte-order mark: prepend kUtf8Bom for Excel on
// Windows, which otherwise reads the file as ANSI.
std::string RenderCsv(const Report& report);
inline constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";
// The report as a JSON object (field names as in report.h).
std::string RenderJson(const Report& report);
// One self-contained HTML page (inline CSS and SVG charts, no scripts, no
// network), Ukrainian and Latin names as they are. Every figure has an
// element with a data-figure attribute (e.g. data-figure="meetings") so
// tests and tools can read the rendered numbers. Each key occurs once; the
// element's text is the number alone: counts as plain digits, scores with
// at most 3 decimals, days with at most 1 (trailing zeros dropped).
//   meetings attendances individuals new_individuals returning_individuals
//   merged_records survey_responses initiatives      the headline figures
//   community:<name_latin>:meetings|attendances|individuals
//   meeting:<meeting id>:attendances|first_timers
//   breakdown:<breakdown name>:<key>                 individuals
//   need:<form>:<question_id>:<option_id>            score
//   need_responses:<form>:<question_id>:<option_id>  its respondents
//   need_respondents:<form>:<question_id>            the question's
//   status:<status>:current|passed|mean_days|median_days
// Text inside keys comes from the report unchanged (attribute-escaped).
std::string RenderHtml(const Report& report, const RenderOptions& options = {});

std::string Render(const Report& report, ReportFormat format, const RenderOptions& options = {});

}  // namespace hromada

#endif  // HROMADA_SHARED_REPORT_RENDER_H_
