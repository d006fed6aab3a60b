#include "shared/report/sheets.h"

#include <utility>

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

}  // namespace hromada
