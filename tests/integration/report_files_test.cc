// Reports as files from the real `hromada-server admin report`: a workbook
// with one sheet per section, frozen headers and real numbers (read back
// with unzip), a CSV with a byte-order mark for Excel, and a workbook
// refused without a file to write it to.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/integration/fixture.h"

namespace hromada::test {
namespace {

using ::testing::HasSubstr;

std::string Member(const std::string& zip, const std::string& member) {
  absl::StatusOr<std::string> out = RunTool("/usr/bin/unzip", {"-p", zip, member});
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : "";
}

class ReportFilesTest : public SyncFixture {};

TEST_F(ReportFilesTest, AdminReportWritesAWorkbook) {
  const std::string path = dir_.Path("report.xlsx");
  ASSERT_TRUE(server_->Admin("report", {"--format", "xlsx", "--output", path}).ok());
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  ASSERT_TRUE(absl::StartsWith(bytes.str(), "PK\x03\x04"));

  const std::string workbook = Member(path, "xl/workbook.xml");
  for (const char* sheet : {"Підсумок", "Громади", "Засідання", "Учасники за групами", "Потреби",
                            "Статуси ініціатив", "Ініціативи", "Відповіді текстом"}) {
    EXPECT_THAT(workbook, HasSubstr(absl::StrCat("name=\"", sheet, "\""))) << sheet;
  }
  const std::string en = dir_.Path("report-en.xlsx");
  ASSERT_TRUE(server_->Admin("report", {"--format", "xlsx", "--lang", "en", "--output", en}).ok());
  EXPECT_THAT(Member(en, "xl/workbook.xml"), HasSubstr("name=\"Initiative statuses\""));
  const std::string summary = Member(path, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(summary, HasSubstr("ySplit=\"1\"")) << "the header row is frozen";
  EXPECT_THAT(summary, HasSubstr("<v>0</v>")) << "no meetings: a number, not text";
  const std::string communities = Member(path, "xl/worksheets/sheet2.xml");
  EXPECT_THAT(communities, HasSubstr("<autoFilter"));
  EXPECT_THAT(Member(path, "xl/sharedStrings.xml"), HasSubstr("Білозерка"));
}

TEST_F(ReportFilesTest, CsvWithBomForExcel) {
  absl::StatusOr<std::string> csv = server_->Admin("report", {"--format", "csv", "--bom"});
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_TRUE(absl::StartsWith(*csv,
                               "\xEF\xBB\xBF"
                               "summary\r\nmeasure,value\r\n"))
      << *csv;
  EXPECT_THAT(*csv, HasSubstr("\r\ncommunities\r\nid,name_latin,name_uk,"));
  absl::StatusOr<std::string> plain = server_->Admin("report", {"--format", "csv"});
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(absl::StartsWith(*plain, "summary\r\n"));
}

TEST_F(ReportFilesTest, WorkbookNeedsAFile) {
  absl::StatusOr<std::string> out = server_->Admin("report", {"--format", "xlsx"});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(std::string(out.status().message()), HasSubstr("--output"));
}

}  // namespace
}  // namespace hromada::test
