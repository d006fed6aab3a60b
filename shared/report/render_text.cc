// RenderTable: the report as plain text for a terminal. Columns are padded
// by display width (render_util.h), so Ukrainian names line up with Latin
// ones; numbers are right-aligned.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "shared/report/labels.h"
#include "shared/report/render.h"
#include "shared/report/render_util.h"

namespace hromada {
namespace {

using report_render::DisplayWidth;
using report_render::FitWidth;
using report_render::FormatDecimal;
using report_render::OneLine;
using report_render::ValueLabel;

// No cell is wider than this: a long question text is cut with "…".
constexpr int kMaxCell = 48;

class TextTable {
 public:
  // A header per column; a leading '>' right-aligns the column (numbers).
  explicit TextTable(std::vector<std::string> headers) {
    for (std::string& h : headers) {
      const bool right = !h.empty() && h[0] == '>';
      right_.push_back(right);
      header_.push_back(right ? h.substr(1) : std::move(h));
    }
  }
  void Add(std::vector<std::string> row) {
    for (std::string& cell : row) cell = FitWidth(OneLine(cell), kMaxCell);
    rows_.push_back(std::move(row));
  }
  std::string Format() const {
    std::vector<int> widths(header_.size(), 0);
    for (size_t i = 0; i < header_.size(); ++i) widths[i] = DisplayWidth(header_[i]);
    for (const auto& row : rows_) {
      for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
        widths[i] = std::max(widths[i], DisplayWidth(row[i]));
      }
    }
    std::string out = Line(header_, widths);
    std::vector<std::string> rule;
    for (int w : widths) rule.push_back(std::string(w, '-'));
    out += Line(rule, widths);
    for (const auto& row : rows_) out += Line(row, widths);
    return out;
  }

 private:
  std::string Line(const std::vector<std::string>& cells, const std::vector<int>& widths) const {
    std::string line = " ";
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string& cell = i < cells.size() ? cells[i] : std::string();
      const std::string pad(widths[i] - DisplayWidth(cell), ' ');
      absl::StrAppend(&line, "  ", right_[i] ? pad + cell : cell + pad);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n";
  }

  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

std::string N(int64_t value) { return absl::StrCat(value); }

std::string Heading(absl::string_view title) {
  return absl::StrCat("\n", title, "\n", std::string(DisplayWidth(title), '='), "\n");
}

std::string Headline(const Report& r, const RenderOptions& o) {
  TextTable t({"Показник / Figure", ">Value"});
  t.Add({"Зустрічі / Meetings held", N(r.meetings)});
  t.Add({"Участі / Attendances", N(r.attendances)});
  t.Add({"Унікальні особи / Unique individuals", N(r.individuals)});
  t.Add({"  нові / new", N(r.new_individuals)});
  t.Add({"  повторні / returning", N(r.returning_individuals)});
  t.Add({"Об'єднані записи / Merged records", N(r.merged_records)});
  t.Add({"Анкети / Survey responses", N(r.survey_responses)});
  t.Add({"Ініціативи / Initiatives", N(r.initiatives)});
  std::string out =
      absl::StrCat("Звіт координатора / Coordinator report\n", "Scope: ", OneLine(r.scope));
  const std::string period = report_render::PeriodText(r.query);
  if (!period.empty()) absl::StrAppend(&out, "\nPeriod: ", period);
  if (!o.prepared_by.empty()) {
    absl::StrAppend(&out, "\n", report_render::Say(o.lang, "Підготовлено: ", "Prepared by: "),
                    OneLine(o.prepared_by));
  }
  absl::StrAppend(&out, "\nInitiatives as of: ", r.as_of, "\n", Heading("Головне / Headline"));
  return out + t.Format();
}

std::string Communities(const Report& r) {
  if (r.communities.empty()) return "";
  TextTable t({"Community", "Громада", ">Meetings", ">Attendances", ">Individuals"});
  for (const CommunityRow& c : r.communities) {
    t.Add({c.name_latin, c.name_uk, N(c.meetings), N(c.attendances), N(c.individuals)});
  }
  return Heading("Громади / Communities") + t.Format();
}

std::string Meetings(const Report& r, ReportLang lang) {
  if (r.meeting_rows.empty()) return "";
  TextTable t({"Date", "Community", ">No.", "Format", ">Attendances", ">First-timers"});
  for (const MeetingRow& m : r.meeting_rows) {
    t.Add({m.date, m.community_name, m.number > 0 ? N(m.number) : "",
           ValueLabel("format", m.format, lang), N(m.attendances), N(m.first_timers)});
  }
  return Heading("Зустрічі / Meetings") + t.Format();
}

std::string Breakdowns(const Report& r, ReportLang lang) {
  std::string out;
  for (const Breakdown& b : r.breakdowns) {
    TextTable t({report_render::FieldLabel(b.name, lang), ">Individuals"});
    for (const CountRow& row : b.rows) t.Add({ValueLabel(b.name, row.key, lang), N(row.count)});
    absl::StrAppend(&out, "\n", t.Format());
  }
  return out.empty() ? "" : Heading("Склад учасників / Who took part") + out.substr(1);
}

std::string Needs(const Report& r) {
  std::string out;
  for (const NeedQuestion& q : r.needs) {
    absl::StrAppend(&out, "\n", OneLine(q.title), ": ", OneLine(q.text), "\n  (", q.form, "/",
                    q.question_id, ", ", report_render::MethodLabel(q.method), ", ", q.respondents,
                    " respondents)\n");
    TextTable t({">Rank", "Option", absl::StrCat(">Score (", q.method, ")"), ">Respondents"});
    for (size_t i = 0; i < q.ranked.size(); ++i) {
      const NeedRow& n = q.ranked[i];
      t.Add({N(i + 1), n.label, report_render::FormatScore(n.score, q.method), N(n.responses)});
    }
    out += t.Format();
  }
  return out.empty() ? "" : Heading("Потреби / Needs ranking") + out.substr(1);
}

std::string Initiatives(const Report& r, ReportLang lang) {
  if (r.statuses.empty()) return "";
  TextTable t({"Status", ">Current", ">Passed", ">Mean days", ">Median days"});
  for (const StatusRow& s : r.statuses) {
    t.Add({ValueLabel("status", s.status, lang), N(s.current), N(s.passed),
           FormatDecimal(s.mean_days, 1), FormatDecimal(s.median_days, 1)});
  }
  return Heading("Ініціативи / Initiatives by status") + t.Format();
}

std::string Cost(double cost) { return cost < 0 ? "" : FormatDecimal(cost, 2); }

std::string InitiativeList(const Report& r, ReportLang lang) {
  if (r.initiative_rows.empty()) return "";
  TextTable t({"Title", "Community", "Category", ">Cost", "Donor", "Status", ">Days in status"});
  for (const InitiativeRow& in : r.initiative_rows) {
    t.Add({in.title, in.community_name, in.category, Cost(in.estimated_cost), in.donor,
           ValueLabel("status", in.status, lang),
           in.days_in_status < 0 ? "–" : N(in.days_in_status)});
  }
  return Heading("Перелік ініціатив / Initiatives") + t.Format();
}

// Answers in full, one paragraph each: a table would cut them.
std::string TextAnswers(const Report& r) {
  std::string out;
  for (const TextQuestion& q : r.text_answers) {
    absl::StrAppend(&out, "\n", OneLine(q.title), ": ", OneLine(q.text), "\n  (", q.form, "/",
                    q.question_id, ", ", q.answers.size(), " answers)\n");
    for (const TextAnswer& a : q.answers) {
      absl::StrAppend(&out, "  ", a.date, "  ", OneLine(a.text), "\n");
    }
  }
  return out.empty() ? "" : Heading("Відповіді своїми словами / Free-text answers") + out.substr(1);
}

}  // namespace

std::string RenderTable(const Report& report, const RenderOptions& options) {
  return absl::StrCat(Headline(report, options), Communities(report),
                      Meetings(report, options.lang), Breakdowns(report, options.lang),
                      Needs(report), TextAnswers(report), Initiatives(report, options.lang),
                      InitiativeList(report, options.lang));
}

}  // namespace hromada
