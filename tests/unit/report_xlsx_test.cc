// The report file formats of the two CLIs (shared/report/render_xlsx.h):
// a workbook is a zip with one sheet per section, a CSV with --bom starts
// with the byte-order mark, and an unknown format is refused by name.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/xlsform/xlsx.h"
#include "shared/report/render.h"
#include "shared/report/render_xlsx.h"
#include "shared/report/sheets.h"
#include "tests/report/sample_report.h"

namespace hromada {
namespace {

using ::testing::HasSubstr;

TEST(ReportSheetsTest, EveryRowIsAsWideAsItsHeader) {
  for (const ReportSheet& sheet : ReportSheets(test::SampleReport())) {
    EXPECT_LE(sheet.name.size(), 31u) << "Excel's limit for a sheet name";
    for (const auto& row : sheet.rows) EXPECT_EQ(row.size(), sheet.columns.size()) << sheet.name;
  }
}

TEST(ReportSheetsTest, FiguresStayNumbers) {
  const std::vector<ReportSheet> sheets = ReportSheets(test::SampleReport());
  ASSERT_EQ(sheets.size(), 8u);
  EXPECT_EQ(std::get<int64_t>(sheets[0].rows[5][1]), 54);     // meetings
  EXPECT_EQ(std::get<int64_t>(sheets[1].rows[1][4]), 1205);   // a community's attendances
  EXPECT_EQ(std::get<double>(sheets[4].rows[1][10]), 301.5);  // a need's score
  EXPECT_EQ(sheets[6].name, "initiatives");
  EXPECT_EQ(std::get<double>(sheets[6].rows[0][4]), 125000.5);  // an estimated cost
  EXPECT_EQ(sheets[7].name, "text_answers");
}

TEST(ReportFileTest, WorkbookIsAZipWithASheetPerSection) {
  absl::StatusOr<std::string> book = RenderReportFile(test::SampleReport(), "xlsx", false);
  ASSERT_TRUE(book.ok()) << book.status();
  EXPECT_TRUE(absl::StartsWith(*book, "PK\x03\x04"));
  // Zip keeps member names in the clear.
  for (const char* member : {"xl/workbook.xml", "xl/worksheets/sheet1.xml",
                             "xl/worksheets/sheet8.xml", "xl/sharedStrings.xml"}) {
    EXPECT_THAT(*book, HasSubstr(member));
  }
  EXPECT_THAT(*book, ::testing::Not(HasSubstr("xl/worksheets/sheet9.xml")));
}

// The workbook read back as a person opening it would see it.
std::vector<XlsxSheet> ReadBack(ReportLang lang) {
  RenderOptions options;
  options.lang = lang;
  absl::StatusOr<std::string> book = RenderReportFile(test::SampleReport(), "xlsx", false, options);
  EXPECT_TRUE(book.ok()) << book.status();
  absl::StatusOr<std::vector<XlsxSheet>> sheets = ReadXlsxBytes(book.value_or(""));
  EXPECT_TRUE(sheets.ok()) << sheets.status();
  return sheets.value_or(std::vector<XlsxSheet>{});
}

const XlsxSheet& SheetNamed(const std::vector<XlsxSheet>& sheets, const std::string& name) {
  static const XlsxSheet kNone;
  for (const XlsxSheet& s : sheets) {
    if (s.name == name) return s;
  }
  ADD_FAILURE() << "no sheet " << name;
  return kNone;
}

// Every cell's text, for "no code shows" checks.
std::set<std::string> AllCells(const std::vector<XlsxSheet>& sheets) {
  std::set<std::string> cells;
  for (const XlsxSheet& s : sheets) {
    for (const auto& [row, columns] : s.rows) {
      for (const auto& [column, text] : columns) cells.insert(text);
    }
  }
  return cells;
}

// A member of the workbook's zip, by the unzip tool.
std::string Member(const std::string& book, const std::string& member) {
  const std::string path = ::testing::TempDir() + "/report-member.xlsx";
  std::ofstream(path, std::ios::binary) << book;
  FILE* pipe = popen(absl::StrCat("unzip -p '", path, "' ", member).c_str(), "r");
  std::string out;
  char buffer[4096];
  for (size_t n; pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    out.append(buffer, n);
  }
  if (pipe != nullptr) pclose(pipe);
  std::remove(path.c_str());
  return out;
}

// Issue 19 item 5: the workbook a donor opens speaks --lang: headers and
// values in the report's words, shares as percentages.
TEST(ReportFileTest, TheWorkbookSpeaksTheReportsLanguage) {
  const std::vector<XlsxSheet> uk = ReadBack(ReportLang::kUk);
  const std::vector<XlsxSheet> en = ReadBack(ReportLang::kEn);
  ASSERT_EQ(uk.size(), 8u);
  ASSERT_EQ(en.size(), 8u);
  EXPECT_EQ(uk[0].name, "Підсумок");
  EXPECT_EQ(en[0].name, "Summary");
  EXPECT_EQ(uk[0].rows.at(1).at(0), "Показник");
  EXPECT_EQ(en[0].rows.at(1).at(0), "Measure");
  EXPECT_EQ(en[0].rows.at(2).at(1), "All communities");
  EXPECT_EQ(uk[0].rows.at(2).at(1), "Усі громади");

  const XlsxSheet& meetings = SheetNamed(en, "Meetings");
  EXPECT_EQ(meetings.rows.at(1).at(5), "Format");
  EXPECT_EQ(meetings.rows.at(2).at(5), "In person");
  EXPECT_EQ(SheetNamed(uk, "Засідання").rows.at(2).at(5), "Очно");
  const XlsxSheet& groups = SheetNamed(uk, "Учасники за групами");
  EXPECT_EQ(groups.rows.at(2).at(0), "Стать");
  EXPECT_EQ(groups.rows.at(2).at(1), "Жінки");
  EXPECT_EQ(groups.rows.at(4).at(1), "Не вказано");
  EXPECT_EQ(SheetNamed(en, "Initiative statuses").rows.at(2).at(0), "Proposed");
  for (const std::set<std::string>& cells : {AllCells(uk), AllCells(en)}) {
    for (const char* code : {"female", "in_person", "unknown", "measure", "mean_days",
                             "multiple_choice", "share", "all communities"}) {
      EXPECT_EQ(cells.count(code), 0u) << code << " shows as a code";
    }
  }

  // The share is a number cell with a percent format, as Excel shows 62.5%.
  const XlsxSheet& needs = SheetNamed(en, "Needs");
  EXPECT_EQ(needs.rows.at(4).at(9), "Аптека");
  EXPECT_EQ(needs.rows.at(4).at(10), "0.625") << "kept as the number";
  RenderOptions en_options;
  en_options.lang = ReportLang::kEn;
  const std::string book = *RenderReportFile(test::SampleReport(), "xlsx", false, en_options);
  EXPECT_THAT(Member(book, "xl/styles.xml"), HasSubstr("formatCode=\"0.0%\""));
  const std::string sheet = Member(book, "xl/worksheets/sheet5.xml");
  const size_t cell = sheet.find("<c r=\"K4\"");
  ASSERT_NE(cell, std::string::npos);
  EXPECT_THAT(sheet.substr(cell, sheet.find("</c>", cell) - cell), HasSubstr(" s=\""))
      << "the share carries a style";
  EXPECT_NE(book, *RenderReportFile(test::SampleReport(), "xlsx", false)) << "uk and en differ";
}

TEST(ReportFileTest, AnEmptyReportMakesAWorkbookToo) {
  Report empty;
  absl::StatusOr<std::string> book = RenderXlsx(empty);
  ASSERT_TRUE(book.ok()) << book.status();
  EXPECT_TRUE(absl::StartsWith(*book, "PK\x03\x04"));
}

TEST(ReportFileTest, BomOnlyForCsv) {
  const Report r = test::SampleReport();
  EXPECT_EQ(*RenderReportFile(r, "csv", true), std::string(kUtf8Bom) + RenderCsv(r));
  EXPECT_EQ(*RenderReportFile(r, "csv", false), RenderCsv(r));
  EXPECT_EQ(*RenderReportFile(r, "json", true), RenderJson(r));
}

TEST(ReportFileTest, UnknownFormatIsRefusedWithTheList) {
  EXPECT_TRUE(CheckReportFileFormat("xlsx").ok());
  EXPECT_TRUE(CheckReportFileFormat("html").ok());
  absl::Status s = CheckReportFileFormat("pdf");
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(std::string(s.message()), HasSubstr("xlsx"));
  EXPECT_TRUE(absl::IsInvalidArgument(RenderReportFile(Report(), "pdf", false).status()));
}

}  // namespace
}  // namespace hromada
