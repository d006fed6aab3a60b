// The report file formats of the two CLIs (shared/report/render_xlsx.h):
// a workbook is a zip with one sheet per section, a CSV with --bom starts
// with the byte-order mark, and an unknown format is refused by name.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
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
