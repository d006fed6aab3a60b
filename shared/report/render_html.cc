// RenderHtml: one self-contained page. Every text from the report is
// escaped (names may hold < & and quotes); every figure sits in an element
// with a data-figure attribute (names in render.h); charts are inline SVG
// drawn by render_svg.cc. No scripts, fonts, images or links to load.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "shared/report/labels.h"
#include "shared/report/render.h"
#include "shared/report/render_svg.h"
#include "shared/report/render_util.h"

namespace hromada {
namespace {

using report_render::Bar;
using report_render::FormatDecimal;
using report_render::HtmlEscape;
using report_render::ValueLabel;

constexpr absl::string_view kStyle = R"css(
body{font-family:system-ui,"DejaVu Sans",Arial,sans-serif;margin:0 auto;max-width:980px;
 padding:16px;color:#222;background:#fff;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;
 border-bottom:2px solid #2f6f9f}h3{font-size:15px;margin:18px 0 6px}
.meta{color:#555;margin:0 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px}
.card{border:1px solid #cdd9e5;border-radius:6px;padding:8px 10px;background:#f5f8fb}
.card .figure{font-size:26px;font-weight:600;font-variant-numeric:tabular-nums}
.card .label{color:#444;font-size:12px}
table{border-collapse:collapse;margin:6px 0 10px}
th,td{border-bottom:1px solid #e2e6ea;padding:3px 10px;text-align:left;vertical-align:top}
th{background:#f0f3f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#666;font-size:12px}
ul.answers li{white-space:pre-line;margin:2px 0}
svg.chart{display:block;max-width:100%;height:auto;margin:6px 0;font-size:12px}
svg .bar{fill:#2f6f9f}svg .value{fill:#333;font-size:11px}svg .axis{stroke:#999}
@media print{h2{break-after:avoid}svg.chart{break-inside:avoid}}
)css";

// Plain text (escaped) in an element.
std::string Tag(absl::string_view tag, absl::string_view text) {
  return absl::StrCat("<", tag, ">", HtmlEscape(text), "</", tag, ">");
}

// A table cell holding one figure.
std::string FigureCell(absl::string_view key, absl::string_view value) {
  return absl::StrCat("<td class=\"num\" data-figure=\"", HtmlEscape(key), "\">", HtmlEscape(value),
                      "</td>");
}
std::string FigureCell(absl::string_view key, int64_t value) {
  return FigureCell(key, absl::StrCat(value));
}

// A need's score: the number (data-figure), and as a percentage for shares.
std::string ScoreCell(absl::string_view key, double score, absl::string_view method) {
  std::string percent;
  if (method == "share") {
    percent = absl::StrCat(" <span class=\"note\">(",
                           HtmlEscape(report_render::FormatScore(score, method)), ")</span>");
  }
  return absl::StrCat("<td class=\"num\"><span data-figure=\"", HtmlEscape(key), "\">",
                      FormatDecimal(score, 3), "</span>", percent, "</td>");
}

// A table: headers (plain text, escaped) and rows of ready <td> markup.
std::string Table(const std::vector<std::string>& headers, const std::vector<std::string>& rows) {
  std::string out = "<table><thead><tr>";
  for (const std::string& h : headers) out += Tag("th", h);
  out += "</tr></thead><tbody>";
  for (const std::string& row : rows) absl::StrAppend(&out, "<tr>", row, "</tr>");
  return out + "</tbody></table>";
}

std::string Card(absl::string_view key, int64_t value, absl::string_view label) {
  return absl::StrCat("<div class=\"card\"><div class=\"figure\" data-figure=\"", key, "\">", value,
                      "</div><div class=\"label\">", HtmlEscape(label), "</div></div>");
}

std::string Header(const Report& r, const RenderOptions& o) {
  std::string meta = absl::StrCat("Охоплення / Scope: ", r.scope);
  const std::string period = report_render::PeriodText(r.query);
  if (!period.empty()) absl::StrAppend(&meta, " · Період / Period: ", period);
  absl::StrAppend(&meta, " · Ініціативи станом на / Initiatives as of: ", r.as_of);
  std::string prepared;
  if (!o.prepared_by.empty()) {
    prepared =
        absl::StrCat("<p class=\"meta\" id=\"prepared-by\">",
                     HtmlEscape(report_render::Say(o.lang, "Підготовлено: ", "Prepared by: ")),
                     HtmlEscape(report_render::OneLine(o.prepared_by)), "</p>");
  }
  return absl::StrCat("<header><h1>Звіт координатора / Coordinator report</h1>",
                      "<p class=\"meta\">", HtmlEscape(meta), "</p>", prepared, "</header>");
}

std::string Headline(const Report& r) {
  return absl::StrCat(
      "<section><h2>Головне / Headline</h2><div class=\"cards\">",
      Card("meetings", r.meetings, "Зустрічі / Meetings held"),
      Card("attendances", r.attendances, "Участі / Attendances"),
      Card("individuals", r.individuals, "Унікальні особи / Unique individuals"),
      Card("new_individuals", r.new_individuals, "Нові / New"),
      Card("returning_individuals", r.returning_individuals, "Повторні / Returning"),
      Card("merged_records", r.merged_records, "Об'єднані записи / Merged records"),
      Card("survey_responses", r.survey_responses, "Анкети / Survey responses"),
      Card("initiatives", r.initiatives, "Ініціативи / Initiatives"), "</div></section>");
}

std::string Communities(const Report& r) {
  if (r.communities.empty()) return "";
  std::vector<Bar> bars;
  std::vector<std::string> rows;
  for (const CommunityRow& c : r.communities) {
    const std::string key = absl::StrCat("community:", c.name_latin, ":");
    bars.push_back({c.name_uk.empty() ? c.name_latin : c.name_uk,
                    static_cast<double>(c.attendances), absl::StrCat(c.attendances)});
    rows.push_back(absl::StrCat(Tag("td", c.name_uk), Tag("td", c.name_latin),
                                FigureCell(key + "meetings", c.meetings),
                                FigureCell(key + "attendances", c.attendances),
                                FigureCell(key + "individuals", c.individuals)));
  }
  return absl::StrCat(
      "<section><h2>Громади / Communities</h2>",
      report_render::ColumnChart("Участі за громадами / Attendances per community", bars),
      Table({"Громада", "Community", "Зустрічі / Meetings", "Участі / Attendances",
             "Особи / Individuals"},
            rows),
      "</section>");
}

std::string Meetings(const Report& r, ReportLang lang) {
  if (r.meeting_rows.empty()) return "";
  std::vector<Bar> bars;
  std::vector<std::string> rows;
  for (const MeetingRow& m : r.meeting_rows) {
    const std::string key = absl::StrCat("meeting:", m.id, ":");
    const std::string number = m.number > 0 ? absl::StrCat("№", m.number) : "";
    bars.push_back({absl::StrCat(m.date, " ", number), static_cast<double>(m.attendances),
                    absl::StrCat(m.attendances)});
    rows.push_back(absl::StrCat(Tag("td", m.date), Tag("td", m.community_name), Tag("td", number),
                                Tag("td", ValueLabel("format", m.format, lang)),
                                FigureCell(key + "attendances", m.attendances),
                                FigureCell(key + "first_timers", m.first_timers)));
  }
  return absl::StrCat(
      "<section><h2>Зустрічі / Meetings</h2>",
      report_render::ColumnChart("Участі за зустрічами / Attendances per meeting", bars),
      Table({"Дата / Date", "Громада / Community", "№", "Формат / Format", "Участі / Attendances",
             "Уперше / First-timers"},
            rows),
      "</section>");
}

std::string Breakdowns(const Report& r, ReportLang lang) {
  if (r.breakdowns.empty()) return "";
  std::string out = "<section><h2>Склад учасників / Who took part</h2>";
  for (const Breakdown& b : r.breakdowns) {
    const std::string title = report_render::FieldLabel(b.name, lang);
    std::vector<Bar> bars;
    std::vector<std::string> rows;
    for (const CountRow& row : b.rows) {
      const std::string label = ValueLabel(b.name, row.key, lang);
      bars.push_back({label, static_cast<double>(row.count), absl::StrCat(row.count)});
      rows.push_back(
          absl::StrCat(Tag("td", label),
                       FigureCell(absl::StrCat("breakdown:", b.name, ":", row.key), row.count)));
    }
    absl::StrAppend(&out, Tag("h3", title), report_render::RowChart(title, bars),
                    Table({title, "Особи / Individuals"}, rows));
  }
  return out + "</section>";
}

std::string NeedQuestionHtml(const NeedQuestion& q) {
  const std::string key = absl::StrCat(q.form, ":", q.question_id);
  std::vector<Bar> bars;
  std::vector<std::string> rows;
  for (size_t i = 0; i < q.ranked.size(); ++i) {
    const NeedRow& n = q.ranked[i];
    const std::string option = absl::StrCat(key, ":", n.option_id);
    bars.push_back({n.label, n.score, report_render::FormatScore(n.score, q.method)});
    rows.push_back(absl::StrCat("<td class=\"num\">", i + 1, "</td>", Tag("td", n.label),
                                ScoreCell("need:" + option, n.score, q.method),
                                FigureCell("need_responses:" + option, n.responses)));
  }
  const std::string title = absl::StrCat(q.title, ": ", q.text);
  return absl::StrCat(Tag("h3", title), "<p class=\"note\">", HtmlEscape(key), " · ",
                      HtmlEscape(report_render::MethodLabel(q.method)),
                      " · Респонденти / respondents: ", "<span data-figure=\"need_respondents:",
                      HtmlEscape(key), "\">", q.respondents, "</span></p>",
                      report_render::RowChart(title, bars, q.method == "share" ? 1.0 : 0.0),
                      Table({"Місце / Rank", "Варіант / Option",
                             absl::StrCat("Бал / Score (", q.method, ")"), "Відповіді / Responses"},
                            rows));
}

std::string Needs(const Report& r) {
  if (r.needs.empty()) return "";
  std::string out = "<section><h2>Потреби / Needs ranking</h2>";
  for (const NeedQuestion& q : r.needs) out += NeedQuestionHtml(q);
  return out + "</section>";
}

std::string Initiatives(const Report& r, ReportLang lang) {
  if (r.statuses.empty()) return "";
  std::vector<Bar> bars;
  std::vector<std::string> rows;
  for (const StatusRow& s : r.statuses) {
    const std::string key = absl::StrCat("status:", s.status, ":");
    const std::string label = ValueLabel("status", s.status, lang);
    bars.push_back({label, static_cast<double>(s.current), absl::StrCat(s.current)});
    rows.push_back(absl::StrCat(Tag("td", label), FigureCell(key + "current", s.current),
                                FigureCell(key + "passed", s.passed),
                                FigureCell(key + "mean_days", FormatDecimal(s.mean_days, 1)),
                                FigureCell(key + "median_days", FormatDecimal(s.median_days, 1))));
  }
  return absl::StrCat(
      "<section><h2>Ініціативи / Initiatives by status</h2>",
      report_render::RowChart("Ініціативи за статусом / Initiatives per status", bars),
      Table({"Статус / Status", "Зараз / Current", "Пройшли / Passed", "Днів, середнє / Mean days",
             "Днів, медіана / Median days"},
            rows),
      "</section>");
}

std::string Cost(double cost) { return cost < 0 ? "" : FormatDecimal(cost, 2); }

std::string InitiativeList(const Report& r, ReportLang lang) {
  if (r.initiative_rows.empty()) return "";
  std::vector<std::string> rows;
  for (const InitiativeRow& in : r.initiative_rows) {
    rows.push_back(
        absl::StrCat(Tag("td", in.title), Tag("td", in.community_name), Tag("td", in.category),
                     "<td class=\"num\">", Cost(in.estimated_cost), "</td>", Tag("td", in.donor),
                     Tag("td", ValueLabel("status", in.status, lang)), "<td class=\"num\">",
                     in.days_in_status < 0 ? "" : absl::StrCat(in.days_in_status), "</td>"));
  }
  return absl::StrCat(
      "<section><h2>Перелік ініціатив / Initiatives</h2>",
      Table({"Назва / Title", "Громада / Community", "Категорія / Category", "Вартість / Cost",
             "Донор / Donor", "Статус / Status", "Днів у статусі / Days in status"},
            rows),
      "</section>");
}

// Answers as written: line breaks kept (pre-line), markup escaped.
std::string TextAnswers(const Report& r) {
  if (r.text_answers.empty()) return "";
  std::string out = "<section><h2>Відповіді своїми словами / Free-text answers</h2>";
  for (const TextQuestion& q : r.text_answers) {
    absl::StrAppend(&out, Tag("h3", absl::StrCat(q.title, ": ", q.text)), "<p class=\"note\">",
                    HtmlEscape(absl::StrCat(q.form, ":", q.question_id)), " · ", q.answers.size(),
                    "</p><ul class=\"answers\">");
    for (const TextAnswer& a : q.answers) {
      absl::StrAppend(&out, "<li><span class=\"note\">", HtmlEscape(a.date), "</span> ",
                      HtmlEscape(a.text), "</li>");
    }
    out += "</ul>";
  }
  return out + "</section>";
}

}  // namespace

std::string RenderHtml(const Report& report, const RenderOptions& options) {
  const ReportLang lang = options.lang;
  return absl::StrCat("<!DOCTYPE html>\n<html lang=\"", lang == ReportLang::kEn ? "en" : "uk",
                      "\"><head><meta charset=\"utf-8\">",
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                      "<title>Звіт координатора / Coordinator report — ", HtmlEscape(report.scope),
                      "</title>", "<style>", kStyle, "</style></head><body>",
                      Header(report, options), Headline(report), Communities(report),
                      Meetings(report, lang), Breakdowns(report, lang), Needs(report),
                      TextAnswers(report), Initiatives(report, lang), InitiativeList(report, lang),
                      "</body></html>\n");
}

}  // namespace hromada
