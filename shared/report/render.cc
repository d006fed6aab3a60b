// The machine-readable formats (CSV, JSON) and the format switch; the
// table is in render_text.cc, the HTML page in render_html.cc.
#include "shared/report/render.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

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

// Collects the long table's rows, CRLF-terminated as RFC 4180 has them.
class CsvWriter {
 public:
  CsvWriter() { Row("section", "item", "measure", "value"); }

  void Row(absl::string_view section, absl::string_view item, absl::string_view measure,
           absl::string_view value) {
    absl::StrAppend(&out_, CsvField(section), ",", CsvField(item), ",", CsvField(measure), ",",
                    CsvField(value), "\r\n");
  }
  void Row(absl::string_view section, absl::string_view item, absl::string_view measure,
           int64_t value) {
    Row(section, item, measure, absl::StrCat(value));
  }
  // Shortest text that reads back as the same double (as JSON has it).
  void Row(absl::string_view section, absl::string_view item, absl::string_view measure,
           double value) {
    Row(section, item, measure, nlohmann::json(value).dump());
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

void CsvHeadline(const Report& r, CsvWriter* csv) {
  csv->Row("report", "", "scope", r.scope);
  csv->Row("report", "", "community_id", r.query.community_id);
  csv->Row("report", "", "from", r.query.from);
  csv->Row("report", "", "to", r.query.to);
  csv->Row("report", "", "as_of", r.as_of);
  csv->Row("summary", "", "meetings", r.meetings);
  csv->Row("summary", "", "attendances", r.attendances);
  csv->Row("summary", "", "individuals", r.individuals);
  csv->Row("summary", "", "new_individuals", r.new_individuals);
  csv->Row("summary", "", "returning_individuals", r.returning_individuals);
  csv->Row("summary", "", "merged_records", r.merged_records);
  csv->Row("summary", "", "survey_responses", r.survey_responses);
  csv->Row("summary", "", "initiatives", r.initiatives);
}

void CsvTables(const Report& r, CsvWriter* csv) {
  for (const CommunityRow& c : r.communities) {
    csv->Row("community", c.name_latin, "id", c.id);
    csv->Row("community", c.name_latin, "name_uk", c.name_uk);
    csv->Row("community", c.name_latin, "meetings", c.meetings);
    csv->Row("community", c.name_latin, "attendances", c.attendances);
    csv->Row("community", c.name_latin, "individuals", c.individuals);
  }
  for (const MeetingRow& m : r.meeting_rows) {
    csv->Row("meeting", m.id, "date", m.date);
    csv->Row("meeting", m.id, "community_id", m.community_id);
    csv->Row("meeting", m.id, "community", m.community_name);
    csv->Row("meeting", m.id, "number", m.number);
    csv->Row("meeting", m.id, "format", m.format);
    csv->Row("meeting", m.id, "attendances", m.attendances);
    csv->Row("meeting", m.id, "first_timers", m.first_timers);
  }
  for (const Breakdown& b : r.breakdowns) {
    for (const CountRow& row : b.rows) {
      csv->Row("breakdown", absl::StrCat(b.name, ":", row.key), "individuals", row.count);
    }
  }
}

void CsvNeedsAndStatuses(const Report& r, CsvWriter* csv) {
  for (const NeedQuestion& q : r.needs) {
    const std::string item = absl::StrCat(q.form, ":", q.question_id);
    csv->Row("need_question", item, "title", q.title);
    csv->Row("need_question", item, "text", q.text);
    csv->Row("need_question", item, "type", q.type);
    csv->Row("need_question", item, "method", q.method);
    csv->Row("need_question", item, "respondents", q.respondents);
    for (size_t i = 0; i < q.ranked.size(); ++i) {
      const NeedRow& n = q.ranked[i];
      const std::string option = absl::StrCat(item, ":", n.option_id);
      csv->Row("need", option, "rank", static_cast<int64_t>(i + 1));
      csv->Row("need", option, "label", n.label);
      csv->Row("need", option, "score", n.score);
      csv->Row("need", option, "responses", n.responses);
    }
  }
  for (const StatusRow& s : r.statuses) {
    csv->Row("initiative_status", s.status, "current", s.current);
    csv->Row("initiative_status", s.status, "passed", s.passed);
    csv->Row("initiative_status", s.status, "mean_days", s.mean_days);
    csv->Row("initiative_status", s.status, "median_days", s.median_days);
  }
}

// Free text is a person's words: every cell goes through CsvField, which
// neutralises formulas, like every other cell.
void CsvListed(const Report& r, CsvWriter* csv) {
  for (const TextQuestion& q : r.text_answers) {
    const std::string item = absl::StrCat(q.form, ":", q.question_id);
    for (size_t i = 0; i < q.answers.size(); ++i) {
      const std::string answer = absl::StrCat(item, ":", i + 1);
      csv->Row("text_answer", answer, "date", q.answers[i].date);
      csv->Row("text_answer", answer, "text", q.answers[i].text);
    }
  }
  for (const InitiativeRow& in : r.initiative_rows) {
    csv->Row("initiative", in.id, "community", in.community_name);
    csv->Row("initiative", in.id, "title", in.title);
    csv->Row("initiative", in.id, "category", in.category);
    if (in.estimated_cost >= 0) csv->Row("initiative", in.id, "estimated_cost", in.estimated_cost);
    csv->Row("initiative", in.id, "donor", in.donor);
    csv->Row("initiative", in.id, "status", in.status);
    csv->Row("initiative", in.id, "since", in.since);
    if (in.days_in_status >= 0) {
      csv->Row("initiative", in.id, "days_in_status", in.days_in_status);
    }
  }
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
  CsvWriter csv;
  CsvHeadline(report, &csv);
  CsvTables(report, &csv);
  CsvNeedsAndStatuses(report, &csv);
  CsvListed(report, &csv);
  return csv.Take();
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
