// The report's four formats (shared/report/render.h) on a hand-built
// Report with Ukrainian names and characters that need escaping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "shared/report/render.h"
#include "tests/report/report_figures.h"
#include "tests/report/sample_report.h"

namespace hromada {
namespace {

using test::kAwkwardLatin;
using test::kAwkwardUk;
using test::SampleReport;
using ::testing::HasSubstr;
using ::testing::Not;

// Code points in UTF-8 text: the columns it takes for the letters here.
size_t Columns(absl::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// RFC 4180: fields split by commas, records by CRLF, a quoted field may
// hold commas, CRLF and doubled quotes.
std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
      field += '"';
      ++i;
    } else if (c == '"' && (quoted || field.empty())) {
      quoted = !quoted;
    } else if (!quoted && (c == ',' || crlf)) {
      rows.back().push_back(std::move(field));
      field.clear();
      if (crlf) {
        rows.emplace_back();
        ++i;
      }
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(field.empty() && rows.back().empty()) << "last record has no CRLF";
  rows.pop_back();
  return rows;
}

using CsvKey = std::tuple<std::string, std::string, std::string>;

// The columns that name a row of each section, joined by ':' as its item.
const std::map<std::string, std::vector<std::string>>& KeyColumns() {
  static const auto* keys = new std::map<std::string, std::vector<std::string>>{
      {"summary", {"measure"}},
      {"communities", {"name_latin"}},
      {"meetings", {"id"}},
      {"breakdowns", {"breakdown", "key"}},
      {"needs", {"form", "question_id", "option_id"}},
      {"initiative_statuses", {"status"}},
      {"initiatives", {"id"}},
      {"text_answers", {"form", "question_id", "n"}}};
  return *keys;
}

// (section, item, column) -> value, from the wide tables (a name line, a
// header, rows, a blank line); each key must occur once.
std::map<CsvKey, std::string> CsvFigures(const std::string& csv) {
  const auto rows = ReadCsv(csv);
  std::map<CsvKey, std::string> figures;
  std::vector<std::string> sections;
  for (size_t i = 0; i < rows.size();) {
    EXPECT_EQ(rows[i].size(), 1u) << "row " << i << ": a section's name";
    const std::string section = rows[i][0];
    sections.push_back(section);
    EXPECT_TRUE(KeyColumns().count(section)) << section;
    const std::vector<std::string>& header = rows.at(i + 1);
    std::vector<size_t> key_at;
    for (const std::string& k : KeyColumns().at(section)) {
      key_at.push_back(std::find(header.begin(), header.end(), k) - header.begin());
      EXPECT_LT(key_at.back(), header.size()) << section << " has no " << k;
    }
    for (i += 2; i < rows.size() && !(rows[i].size() == 1 && rows[i][0].empty()); ++i) {
      EXPECT_EQ(rows[i].size(), header.size()) << "row " << i;
      if (rows[i].size() != header.size()) continue;
      std::vector<std::string> key;
      for (size_t k : key_at) key.push_back(rows[i][k]);
      for (size_t c = 0; c < header.size(); ++c) {
        if (std::find(key_at.begin(), key_at.end(), c) != key_at.end()) continue;
        const CsvKey at{section, absl::StrJoin(key, ":"), header[c]};
        EXPECT_TRUE(figures.emplace(at, rows[i][c]).second) << "twice: " << header[c];
      }
    }
    ++i;  // the blank line
  }
  EXPECT_EQ(absl::StrJoin(sections, ","),
            "summary,communities,meetings,breakdowns,needs,initiative_statuses,initiatives,"
            "text_answers");
  return figures;
}

// data-figure key -> element text, straight from RenderHtml's markup (the
// browser test reads the rendered DOM instead).
std::map<std::string, std::string> RawFigures(const std::string& html) {
  static const std::regex kFigure("data-figure=\"([^\"]*)\"[^>]*>([^<]*)<");
  std::map<std::string, std::string> figures;
  for (std::sregex_iterator it(html.begin(), html.end(), kFigure), end; it != end; ++it) {
    std::string key = (*it)[1];
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&#39;", "'"}, {"&amp;", "&"}}) {
      key = std::regex_replace(key, std::regex(from), to);
    }
    EXPECT_TRUE(figures.emplace(key, (*it)[2]).second) << "data-figure twice: " << key;
  }
  return figures;
}

TEST(ParseReportFormatTest, KnowsTheFourFormats) {
  EXPECT_EQ(*ParseReportFormat("table"), ReportFormat::kTable);
  EXPECT_EQ(*ParseReportFormat("csv"), ReportFormat::kCsv);
  EXPECT_EQ(*ParseReportFormat("json"), ReportFormat::kJson);
  EXPECT_EQ(*ParseReportFormat("html"), ReportFormat::kHtml);
  const absl::StatusOr<ReportFormat> pdf = ParseReportFormat("pdf");
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(pdf.status().message(), HasSubstr("table, csv, json or html"));
}

TEST(RenderTest, DispatchesOnTheFormat) {
  const Report r = SampleReport();
  EXPECT_EQ(Render(r, ReportFormat::kTable), RenderTable(r));
  EXPECT_EQ(Render(r, ReportFormat::kCsv), RenderCsv(r));
  EXPECT_EQ(Render(r, ReportFormat::kJson), RenderJson(r));
  EXPECT_EQ(Render(r, ReportFormat::kHtml), RenderHtml(r));
}

TEST(RenderTableTest, ShowsTheFiguresAndNames) {
  const std::string table = RenderTable(SampleReport());
  for (const char* text : {"Meetings held",
                           "54",
                           "731",
                           "140",
                           "97",
                           "43",
                           "212",
                           "23",
                           "Станіслав",
                           "Нововоронцовка",
                           kAwkwardLatin,
                           kAwkwardUk,
                           "Укриття",
                           "412",
                           "301.5",
                           "62.5%",
                           "3.43",
                           "Borda points",
                           "На розгляді",
                           "61.8",
                           "58.5",
                           "Стать"}) {
    EXPECT_THAT(table, HasSubstr(text));
  }
  // The question's line break does not break the table.
  EXPECT_THAT(table, HasSubstr("Що найважливіше? Оберіть до трьох"));
}

// Every table ends in a right-aligned column, so its header, rule and rows
// are exactly as wide as each other when the columns line up.
TEST(RenderTableTest, AlignsColumnsByDisplayWidth) {
  const std::vector<std::string> lines = absl::StrSplit(RenderTable(SampleReport()), '\n');
  static const std::regex kRule("^ ( +-+)+$");
  int tables = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (!std::regex_match(lines[i], kRule)) continue;
    ++tables;
    const size_t width = Columns(lines[i]);
    EXPECT_EQ(Columns(lines[i - 1]), width) << lines[i - 1];
    for (size_t j = i + 1; j < lines.size() && absl::StartsWith(lines[j], "   "); ++j) {
      EXPECT_EQ(Columns(lines[j]), width) << lines[j];
    }
  }
  // headline, communities, meetings, breakdowns, needs, statuses, initiatives
  EXPECT_EQ(tables, 1 + 1 + 1 + 3 + 3 + 1 + 1);
}

TEST(RenderCsvTest, ParsesBackToTheReportsFigures) {
  const Report r = SampleReport();
  const std::string csv = RenderCsv(r);
  EXPECT_THAT(csv, HasSubstr("\r\n"));
  const auto f = CsvFigures(csv);
  EXPECT_EQ(f.at({"summary", "meetings", "value"}), "54");
  EXPECT_EQ(f.at({"summary", "attendances", "value"}), "731");
  EXPECT_EQ(f.at({"summary", "individuals", "value"}), "140");
  EXPECT_EQ(f.at({"summary", "new_individuals", "value"}), "97");
  EXPECT_EQ(f.at({"summary", "returning_individuals", "value"}), "43");
  EXPECT_EQ(f.at({"summary", "merged_records", "value"}), "6");
  EXPECT_EQ(f.at({"summary", "survey_responses", "value"}), "212");
  EXPECT_EQ(f.at({"summary", "initiatives", "value"}), "23");
  EXPECT_EQ(f.at({"communities", kAwkwardLatin, "name_uk"}), kAwkwardUk);
  EXPECT_EQ(f.at({"communities", kAwkwardLatin, "attendances"}), "1205");
  EXPECT_EQ(f.at({"communities", "Stanislav", "individuals"}), "31");
  EXPECT_EQ(f.at({"meetings", "m-0002", "community"}), kAwkwardUk);
  EXPECT_EQ(f.at({"meetings", "m-0003", "attendances"}), "1203");
  EXPECT_EQ(f.at({"breakdowns", "gender:female", "individuals"}), "82");
  EXPECT_EQ(f.at({"needs", "needs:top_needs:water", "question"}),
            "Що найважливіше?\nОберіть до трьох");
  EXPECT_EQ(f.at({"needs", "needs:top_needs:water", "label"}), "Вода, \"чиста\" <питна>");
  EXPECT_EQ(f.at({"needs", "needs:top_needs:water", "rank"}), "2");
  EXPECT_EQ(std::stod(f.at({"needs", "needs:top_needs:water", "score"})), 301.5);
  EXPECT_EQ(std::stod(f.at({"needs", "needs:services:bus", "score"})), 0.3333333333);
  EXPECT_EQ(f.at({"needs", "needs:services:pharmacy", "responses"}), "60");
  EXPECT_EQ(std::stod(f.at({"initiative_statuses", "awaiting_funding", "mean_days"})), 61.75);
  EXPECT_EQ(f.at({"initiative_statuses", "rejected", "current"}), "2");
  EXPECT_EQ(f.at({"text_answers", "needs:other:1", "answer"}), "Ліхтарі на\nвулиці <Шкільній>");
  EXPECT_EQ(f.at({"text_answers", "needs:other:2", "answer"}), "'=SUM(A1:A9)");
  EXPECT_EQ(f.at({"initiatives", "i-0001", "donor"}), "UNDP");
  EXPECT_EQ(std::stod(f.at({"initiatives", "i-0001", "estimated_cost"})), 125000.5);
  EXPECT_EQ(f.at({"initiatives", "i-0001", "status"}), "awaiting_funding");
  EXPECT_EQ(f.at({"initiatives", "i-0001", "days_in_status"}), "91");
  EXPECT_EQ(f.at({"initiatives", "i-0002", "days_in_status"}), "") << "unknown: an empty cell";
  // Every figure once: 13 summary rows, 5 per community, 7 per meeting,
  // 1 per breakdown row, 9 per need option, 4 per status, 8 per
  // initiative, 4 per text answer.
  EXPECT_EQ(f.size(), 13u + 5 * 3 + 7 * 3 + 9 + 9 * 5 + 4 * 8 + 8 * 2 + 4 * 2);
}

// Issue 10: a cell a spreadsheet would run as a formula gets a leading
// quote; numbers, negative ones too, stay numbers.
TEST(RenderCsvTest, NeutralisesFormulaCells) {
  Report r = SampleReport();
  r.communities[0].name_latin = "=HYPERLINK(\"http://x\",\"y\")";
  r.communities[0].name_uk = "@SUM(1)";
  r.scope = "+1";
  r.query.from = "-2+3";
  const std::string csv = RenderCsv(r);
  EXPECT_THAT(csv, HasSubstr("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
  EXPECT_THAT(csv, HasSubstr(",'@SUM(1)"));
  EXPECT_THAT(csv, HasSubstr("\r\nscope,+1\r\n")) << "a number stays a number";
  EXPECT_THAT(csv, HasSubstr("\r\nfrom,'-2+3\r\n"));
  EXPECT_THAT(csv, ::testing::Not(HasSubstr(",=")));
  EXPECT_THAT(csv, ::testing::Not(HasSubstr(",@")));
}

TEST(RenderJsonTest, RoundTripsTheNumbers) {
  const Report r = SampleReport();
  const nlohmann::json j = nlohmann::json::parse(RenderJson(r));
  EXPECT_EQ(j["meetings"], 54);
  EXPECT_EQ(j["attendances"], 731);
  EXPECT_EQ(j["individuals"], 140);
  EXPECT_EQ(j["new_individuals"], 97);
  EXPECT_EQ(j["returning_individuals"], 43);
  EXPECT_EQ(j["merged_records"], 6);
  EXPECT_EQ(j["survey_responses"], 212);
  EXPECT_EQ(j["initiatives"], 23);
  EXPECT_EQ(j["scope"], r.scope);
  EXPECT_EQ(j["query"]["from"], "2024-01-01");
  ASSERT_EQ(j["communities"].size(), 3u);
  EXPECT_EQ(j["communities"][1]["name_latin"], kAwkwardLatin);
  EXPECT_EQ(j["communities"][1]["name_uk"], kAwkwardUk);
  EXPECT_EQ(j["communities"][1]["attendances"], 1205);
  EXPECT_EQ(j["meeting_rows"][2]["first_timers"], 0);
  EXPECT_EQ(j["meeting_rows"][0]["number"], 1);
  EXPECT_EQ(j["breakdowns"][1]["rows"][2]["key"], "resident");
  EXPECT_EQ(j["breakdowns"][1]["rows"][2]["count"], 88);
  EXPECT_EQ(j["needs"][0]["ranked"][1]["label"], "Вода, \"чиста\" <питна>");
  EXPECT_EQ(j["needs"][1]["ranked"][1]["score"].get<double>(), 0.3333333333);
  EXPECT_EQ(j["needs"][2]["ranked"][0]["score"].get<double>(), 3.4285714);
  EXPECT_EQ(j["needs"][2]["respondents"], 77);
  EXPECT_EQ(j["statuses"][3]["status"], "awaiting_funding");
  EXPECT_EQ(j["statuses"][3]["median_days"].get<double>(), 58.5);
  EXPECT_EQ(j["statuses"].size(), 8u);
}

TEST(RenderHtmlTest, IsOneSelfContainedPageWithCharts) {
  const std::string html = RenderHtml(SampleReport());
  const std::string lower = absl::AsciiStrToLower(html);
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
  EXPECT_THAT(lower, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(lower, HasSubstr("<svg"));
  for (const char* banned : {"<script", "http://", "https://", "src=", "href=", "url(", "@import",
                             "<link", "<iframe", " on"}) {
    EXPECT_THAT(lower, Not(HasSubstr(banned))) << banned;
  }
  EXPECT_THAT(html, HasSubstr("Зустрічі / Meetings"));
}

TEST(RenderHtmlTest, EscapesText) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_THAT(html, Not(HasSubstr("<Nova>")));
  EXPECT_THAT(html, Not(HasSubstr("<Нова>")));
  EXPECT_THAT(html, Not(HasSubstr("<питна>")));
  EXPECT_THAT(html, HasSubstr("Chornobaivka &quot;&lt;Nova&gt;&quot;, &amp; Co"));
  EXPECT_THAT(html, HasSubstr("Вода, &quot;чиста&quot; &lt;питна&gt;"));
}

TEST(RenderHtmlTest, HasEveryFigureOnce) {
  const Report r = SampleReport();
  const auto problems = test::FigureProblems(test::ExpectedFigures(r), RawFigures(RenderHtml(r)));
  EXPECT_TRUE(problems.empty()) << absl::StrJoin(problems, "\n");
}

TEST(RenderTest, AnEmptyReportRendersInEveryFormat) {
  Report empty;
  empty.scope = "Станіслав";
  EXPECT_THAT(RenderTable(empty), HasSubstr("Meetings held"));
  EXPECT_EQ(CsvFigures(RenderCsv(empty)).size(), 13u);
  EXPECT_EQ(nlohmann::json::parse(RenderJson(empty))["meetings"], 0);
  const std::string html = RenderHtml(empty);
  EXPECT_TRUE(test::FigureProblems(test::ExpectedFigures(empty), RawFigures(html)).empty());
  EXPECT_THAT(html, Not(HasSubstr("<svg")));
}

TEST(ParseReportLangTest, KnowsUkrainianAndEnglish) {
  EXPECT_EQ(*ParseReportLang("uk"), ReportLang::kUk);
  EXPECT_EQ(*ParseReportLang("en"), ReportLang::kEn);
  const absl::StatusOr<ReportLang> de = ParseReportLang("de");
  ASSERT_FALSE(de.ok());
  EXPECT_EQ(de.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(de.status().message(), HasSubstr("uk or en"));
}

// Issue 13: codes stored in records are shown as the words people use.
TEST(RenderWordsTest, TableAndPageShowUkrainianLabelsNotCodes) {
  const Report r = SampleReport();
  for (const std::string& out : {RenderTable(r), RenderHtml(r)}) {
    for (const char* label : {"Жінки", "Чоловіки", "Не вказано", "Громадська організація",
                              "Поліція", "Мешканці", "Цивільно-військова співпраця", "Очно",
                              "Змішано", "Онлайн", "Ні", "Так", "Очікує фінансування"}) {
      EXPECT_THAT(out, HasSubstr(label));
    }
    for (const char* code : {">female<", ">ngo<", ">hybrid<", ">in_person<", "awaiting_funding ",
                             " female ", " ngo ", " hybrid ", " in_person "}) {
      EXPECT_THAT(out, Not(HasSubstr(code)));
    }
  }
}

TEST(RenderWordsTest, EnglishOnRequest) {
  const Report r = SampleReport();
  const RenderOptions en{ReportLang::kEn, ""};
  for (const std::string& out : {RenderTable(r, en), RenderHtml(r, en)}) {
    for (const char* label :
         {"Women", "Men", "Not given", "NGO", "Police", "Residents", "Hybrid", "In person",
          "Online", "Awaiting funding", "Under consideration", "Gender", "Organisation kind"}) {
      EXPECT_THAT(out, HasSubstr(label));
    }
    EXPECT_THAT(out, Not(HasSubstr("Жінки")));
  }
  EXPECT_THAT(RenderHtml(r, en), HasSubstr("<html lang=\"en\">"));
}

// "unknown" on a yes/no question is a person nobody asked, not a "no".
TEST(RenderWordsTest, YesNoQuestionsTellNoFromNotAsked) {
  Report r;
  r.breakdowns = {{"idp", {{"no", 5}, {"unknown", 3}, {"yes", 2}}}};
  const std::string table = RenderTable(r, {ReportLang::kEn, ""});
  EXPECT_THAT(table, HasSubstr("No "));
  EXPECT_THAT(table, HasSubstr("Not asked"));
  EXPECT_THAT(table, HasSubstr("Yes "));
  EXPECT_THAT(RenderTable(r), HasSubstr("Не питали"));
}

TEST(RenderWordsTest, CodesStayInCsvAndJson) {
  const Report r = SampleReport();
  EXPECT_THAT(RenderCsv(r), HasSubstr("gender,female,82\r\n"));
  EXPECT_EQ(nlohmann::json::parse(RenderJson(r))["meeting_rows"][1]["format"], "hybrid");
}

TEST(RenderWordsTest, InitiativesAreListedWithTheirDetails) {
  const Report r = SampleReport();
  const std::string table = RenderTable(r);
  for (const char* text : {"Укриття для школи № 2, \"безпечне\"", "освіта", "125000.5", "UNDP",
                           "Очікує фінансування", "91", "Ліхтарі", "Запропоновано"}) {
    EXPECT_THAT(table, HasSubstr(text));
  }
  const std::string html = RenderHtml(r);
  EXPECT_THAT(html, HasSubstr("<td>Укриття для школи № 2, &quot;безпечне&quot;</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">125000.5</td><td>UNDP</td>"));
  EXPECT_THAT(html, HasSubstr("<td>Очікує фінансування</td><td class=\"num\">91</td>"));
}

TEST(RenderWordsTest, FreeTextAnswersAreListedEscaped) {
  const Report r = SampleReport();
  const std::string table = RenderTable(r);
  EXPECT_THAT(table, HasSubstr("2024-05-01  Ліхтарі на вулиці <Шкільній>"));
  EXPECT_THAT(table, HasSubstr("2025-01-02  =SUM(A1:A9)"));
  const std::string html = RenderHtml(r);
  EXPECT_THAT(html, HasSubstr("Ліхтарі на\nвулиці &lt;Шкільній&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<Шкільній>")));
}

TEST(RenderWordsTest, PreparedByLineWhenGiven) {
  const Report r = SampleReport();
  const std::string who = PreparedBy("device <3>", 1796038260);  // 2026-11-30 11:31 UTC
  EXPECT_EQ(who, "device <3>, 2026-11-30 11:31 UTC");
  EXPECT_THAT(RenderTable(r, {ReportLang::kUk, who}),
              HasSubstr("Підготовлено: device <3>, 2026-11-30 11:31 UTC"));
  EXPECT_THAT(RenderTable(r, {ReportLang::kEn, who}), HasSubstr("Prepared by: device <3>"));
  EXPECT_THAT(RenderHtml(r, {ReportLang::kUk, who}),
              HasSubstr("Підготовлено: device &lt;3&gt;, 2026-11-30 11:31 UTC"));
  EXPECT_THAT(RenderTable(r), Not(HasSubstr("Підготовлено")));
  EXPECT_THAT(RenderHtml(r), Not(HasSubstr("prepared-by")));
}

TEST(RenderWordsTest, LongChartLabelsWrapWhole) {
  Report r;
  const std::string long_label =
      "Відновлення водопостачання та каналізації у старій частині села біля ставка";
  r.needs = {{"f", "T", "q", "?", "multiple_choice", "share", 4, {{"w", long_label, 0.5, 2}}}};
  const std::string html = RenderHtml(r);
  EXPECT_THAT(html, Not(HasSubstr("…")));
  for (absl::string_view word : absl::StrSplit(long_label, ' ')) {
    EXPECT_THAT(html, HasSubstr(std::string(word))) << "lost a word of the label";
  }
  EXPECT_THAT(html, HasSubstr("<tspan"));
}

}  // namespace
}  // namespace hromada
