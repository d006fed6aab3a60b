// The machine-readable formats (CSV, JSON) and the format switch; the
// table is in render_text.cc, the HTML page in render_html.cc.
#include "shared/report/render.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "shared/report/sheets.h"

namespace hromada {

// JSON field names are report.h's member names.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReportQuery, community_id, from, to, as_of)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CountRow, key, count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Breakdown, name, rows)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CommunityRow, id, name_uk, name_latin, meetings, attendances,
                                   individuals)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MeetingRow, id, community_id, community_name, date, format,
                                   number, attendances, first_timers)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NeedRow, option_id, label, score, responses)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NeedQuestion, form, title, question_id, text, type, method,
                                   respondents, ranked)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StatusRow, status, current, passed, mean_days, median_days)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TextAnswer, date, text)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TextQuestion, form, title, question_id, text, answers)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InitiativeRow, id, community_name, title, category, donor,
                                   estimated_cost, status, since, days_in_status)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Report, query, scope, as_of, meetings, attendances, individuals,
                                   new_individuals, returning_individuals, merged_records,
                                   survey_responses, initiatives, communities, meeting_rows,
                                   breakdowns, needs, statuses, text_answers, initiative_rows)

namespace {

// A spreadsheet runs a cell that starts with = + - @ (or a TAB or CR before
// one) as a formula, so such text gets a leading single quote, which
// spreadsheets show as text and do not display. A number (-3, +2.5) is left
// as it is.
std::string Neutralised(absl::string_view text) {
  double number;
  if (text.empty() || std::string("=+-@\t\r").find(text.front()) == std::string::npos ||
      absl::SimpleAtod(text, &number)) {
    return std::string(text);
  }
  return absl::StrCat("'", text);
}

// RFC 4180: a field with a comma, quote or line break is quoted, and a
// quote inside it doubled.
std::string CsvField(absl::string_view raw) {
  const std::string text = Neutralised(raw);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Shortest text that reads back as the same number (as JSON has it).
std::string CsvCell(const ReportCell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return CsvField(*text);
  if (const auto* count = std::get_if<int64_t>(&cell)) return absl::StrCat(*count);
  if (const auto* share = std::get_if<Share>(&cell)) return nlohmann::json(share->fraction).dump();
  return nlohmann::json(std::get<double>(cell)).dump();
}

// One section: its name alone on a line, the header, the rows, and a
// blank line after. Lines end in CRLF, as RFC 4180 has them.
void CsvSection(const ReportSheet& sheet, std::string* out) {
  absl::StrAppend(out, CsvField(sheet.name), "\r\n");
  for (size_t i = 0; i < sheet.columns.size(); ++i) {
    absl::StrAppend(out, i == 0 ? "" : ",", CsvField(sheet.columns[i]));
  }
  absl::StrAppend(out, "\r\n");
  for (const std::vector<ReportCell>& row : sheet.rows) {
    for (size_t i = 0; i < row.size(); ++i)
      absl::StrAppend(out, i == 0 ? "" : ",", CsvCell(row[i]));
    absl::StrAppend(out, "\r\n");
  }
  absl::StrAppend(out, "\r\n");
}

}  // namespace

absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name) {
  if (name == "table") return ReportFormat::kTable;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "json") return ReportFormat::kJson;
  if (name == "html") return ReportFormat::kHtml;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown report format \"", name, "\": use table, csv, json or html"));
}

std::string RenderCsv(const Report& report) {
  std::string out;
  for (const ReportSheet& sheet : ReportSheets(report)) CsvSection(sheet, &out);
  return out;
}

std::string RenderJson(const Report& report) {
  // Invalid UTF-8 (which validation keeps out of the store) is replaced,
  // not thrown: rendering cannot fail.
  return nlohmann::json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

absl::StatusOr<ReportLang> ParseReportLang(absl::string_view name) {
  if (name == "uk") return ReportLang::kUk;
  if (name == "en") return ReportLang::kEn;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown report language \"", name, "\": use uk or en"));
}

std::string PreparedBy(absl::string_view name, int64_t unix_seconds) {
  return absl::StrCat(name, ", ",
                      absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(unix_seconds),
                                       absl::UTCTimeZone()));
}

std::string Render(const Report& report, ReportFormat format, const RenderOptions& options) {
  switch (format) {
    case ReportFormat::kTable:
      return RenderTable(report, options);
    case ReportFormat::kCsv:
      return RenderCsv(report);
    case ReportFormat::kJson:
      return RenderJson(report);
    case ReportFormat::kHtml:
      return RenderHtml(report, options);
  }
  return RenderTable(report, options);
}

}  // namespace hromada
