#include "shared/report/sheets.h"

#include <utility>

#include "shared/report/labels.h"

namespace hromada {
namespace {

ReportSheet Summary(const Report& r) {
  ReportSheet s{"summary", {"measure", "value"}, {}};
  auto add = [&s](const char* measure, ReportCell value) {
    s.rows.push_back({std::string(measure), std::move(value)});
  };
  add("scope", r.scope);
  add("community_id", r.query.community_id);
  add("from", r.query.from);
  add("to", r.query.to);
  add("as_of", r.as_of);
  add("meetings", r.meetings);
  add("attendances", r.attendances);
  add("individuals", r.individuals);
  add("new_individuals", r.new_individuals);
  add("returning_individuals", r.returning_individuals);
  add("merged_records", r.merged_records);
  add("survey_responses", r.survey_responses);
  add("initiatives", r.initiatives);
  return s;
}

ReportSheet Communities(const Report& r) {
  ReportSheet s{
      "communities", {"id", "name_latin", "name_uk", "meetings", "attendances", "individuals"}, {}};
  for (const CommunityRow& c : r.communities) {
    s.rows.push_back({c.id, c.name_latin, c.name_uk, c.meetings, c.attendances, c.individuals});
  }
  return s;
}

ReportSheet Meetings(const Report& r) {
  ReportSheet s{"meetings",
                {"id", "date", "community_id", "community", "number", "format", "attendances",
                 "first_timers"},
                {}};
  for (const MeetingRow& m : r.meeting_rows) {
    s.rows.push_back({m.id, m.date, m.community_id, m.community_name, m.number, m.format,
                      m.attendances, m.first_timers});
  }
  return s;
}

ReportSheet Breakdowns(const Report& r) {
  ReportSheet s{"breakdowns", {"breakdown", "key", "individuals"}, {}};
  for (const Breakdown& b : r.breakdowns) {
    for (const CountRow& row : b.rows) s.rows.push_back({b.name, row.key, row.count});
  }
  return s;
}

ReportSheet Needs(const Report& r) {
  ReportSheet s{"needs",
                {"form", "title", "question_id", "question", "type", "method", "respondents",
                 "rank", "option_id", "label", "score", "responses"},
                {}};
  for (const NeedQuestion& q : r.needs) {
    for (size_t i = 0; i < q.ranked.size(); ++i) {
      const NeedRow& n = q.ranked[i];
      s.rows.push_back({q.form, q.title, q.question_id, q.text, q.type, q.method, q.respondents,
                        static_cast<int64_t>(i + 1), n.option_id, n.label, n.score, n.responses});
    }
  }
  return s;
}

ReportSheet Statuses(const Report& r) {
  ReportSheet s{
      "initiative_statuses", {"status", "current", "passed", "mean_days", "median_days"}, {}};
  for (const StatusRow& st : r.statuses) {
    s.rows.push_back({st.status, st.current, st.passed, st.mean_days, st.median_days});
  }
  return s;
}

ReportSheet Initiatives(const Report& r) {
  ReportSheet s{"initiatives",
                {"id", "community", "title", "category", "estimated_cost", "donor", "status",
                 "since", "days_in_status"},
                {}};
  for (const InitiativeRow& in : r.initiative_rows) {
    s.rows.push_back({in.id, in.community_name, in.title, in.category,
                      in.estimated_cost >= 0 ? ReportCell(in.estimated_cost) : ReportCell(""),
                      in.donor, in.status, in.since,
                      in.days_in_status >= 0 ? ReportCell(in.days_in_status) : ReportCell("")});
  }
  return s;
}

// Free text is a person's words: written as text, never run as a formula
// (the CSV and the workbook both neutralise it).
ReportSheet TextAnswers(const Report& r) {
  ReportSheet s{
      "text_answers", {"form", "title", "question_id", "question", "n", "date", "answer"}, {}};
  for (const TextQuestion& q : r.text_answers) {
    for (size_t i = 0; i < q.answers.size(); ++i) {
      s.rows.push_back({q.form, q.title, q.question_id, q.text, static_cast<int64_t>(i + 1),
                        q.answers[i].date, q.answers[i].text});
    }
  }
  return s;
}

}  // namespace

std::vector<ReportSheet> ReportSheets(const Report& report) {
  return {Summary(report), Communities(report), Meetings(report),    Breakdowns(report),
          Needs(report),   Statuses(report),    Initiatives(report), TextAnswers(report)};
}

namespace {

// The index of `column` in `sheet`, or -1.
int ColumnOf(const ReportSheet& sheet, absl::string_view column) {
  for (size_t i = 0; i < sheet.columns.size(); ++i) {
    if (sheet.columns[i] == column) return static_cast<int>(i);
  }
  return -1;
}

// Replaces the text cell at `column` of `row` by `word(text)`.
template <typename Word>
void Reword(std::vector<ReportCell>& row, int column, Word word) {
  if (column < 0) return;
  if (auto* text = std::get_if<std::string>(&row[column])) *text = word(*text);
}

// The codes of one sheet's rows in words (the sheet still has its codes'
// column names, which say what each column holds).
void RewordRows(ReportSheet& sheet, ReportLang lang) {
  using report_render::HeadingLabel;
  using report_render::ValueLabel;
  const int measure = sheet.name == "summary" ? ColumnOf(sheet, "measure") : -1;
  const int format = ColumnOf(sheet, "format");
  const int status = ColumnOf(sheet, "status");
  const int breakdown = ColumnOf(sheet, "breakdown");
  const int key = ColumnOf(sheet, "key");
  const int type = ColumnOf(sheet, "type");
  const int method = ColumnOf(sheet, "method");
  const int score = ColumnOf(sheet, "score");
  for (std::vector<ReportCell>& row : sheet.rows) {
    if (measure >= 0 && std::get<std::string>(row[measure]) == "scope") {
      Reword(row, measure + 1, [&](const std::string& v) {
        return v == "all communities" ? report_render::Say(lang, "Усі громади", "All communities")
                                      : v;
      });
    }
    Reword(row, measure, [&](const std::string& v) { return HeadingLabel(v, lang); });
    Reword(row, format, [&](const std::string& v) { return ValueLabel("format", v, lang); });
    Reword(row, status, [&](const std::string& v) { return ValueLabel("status", v, lang); });
    if (breakdown >= 0) {
      const std::string field = std::get<std::string>(row[breakdown]);
      Reword(row, key, [&](const std::string& v) { return ValueLabel(field, v, lang); });
      Reword(row, breakdown,
             [&](const std::string& v) { return report_render::FieldLabel(v, lang); });
    }
    Reword(row, type, [&](const std::string& v) { return HeadingLabel(v, lang); });
    if (method >= 0 && std::get<std::string>(row[method]) == "share" && score >= 0) {
      if (const auto* fraction = std::get_if<double>(&row[score])) row[score] = Share{*fraction};
    }
    Reword(row, method, [&](const std::string& v) { return HeadingLabel(v, lang); });
  }
}

}  // namespace

std::vector<ReportSheet> ReportSheetsInWords(const Report& report, ReportLang lang) {
  std::vector<ReportSheet> sheets = ReportSheets(report);
  for (ReportSheet& sheet : sheets) {
    RewordRows(sheet, lang);
    sheet.name = report_render::HeadingLabel(sheet.name, lang);
    for (std::string& column : sheet.columns) column = report_render::HeadingLabel(column, lang);
  }
  return sheets;
}

}  // namespace hromada
