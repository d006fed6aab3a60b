// Workbook bombs: small files that unpack or repeat into large ones are
// refused by the reader's budget (client/xlsform/xlsx.h) before they hold
// much memory or time. The shapes are issue 22's: one large shared string
// used by many cells, many sheets naming one part, a flood of empty shared
// strings. The bombs are built here in memory with libzip.
#include <zip.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/xlsform/xlsx.h"
#include "gtest/gtest.h"

namespace hromada {
namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip of `parts` (name, bytes), deflated, as bytes.
std::string Zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* zip = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  zip_source_keep(out);
  for (const auto& [name, bytes] : parts) {
    zip_source_t* src = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    zip_file_add(zip, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  }
  zip_close(zip);  // the parts' bytes are read here, while `parts` lives
  std::string result;
  zip_stat_t st;
  if (zip_source_stat(out, &st) == 0 && zip_source_open(out) == 0) {
    result.resize(st.size);
    zip_source_read(out, result.data(), st.size);
    zip_source_close(out);
  }
  zip_source_free(out);
  zip_error_fini(&error);
  return result;
}

// A workbook of `sheets` sheets whose relationships all point at
// worksheets/sheet1.xml, with `rows` of that sheet and `strings`.
std::string Workbook(int sheets, const std::string& sheet1, const std::string& strings) {
  std::string workbook = "<workbook><sheets>", rels = "<Relationships>";
  for (int i = 1; i <= sheets; ++i) {
    absl::StrAppend(&workbook, "<sheet name=\"s", i, "\" sheetId=\"", i, "\" r:id=\"rId", i,
                    "\"/>");
    absl::StrAppend(&rels, "<Relationship Id=\"rId", i, "\" Target=\"worksheets/sheet1.xml\"/>");
  }
  absl::StrAppend(&workbook, "</sheets></workbook>");
  absl::StrAppend(&rels, "</Relationships>");
  return Zip({{"xl/workbook.xml", workbook},
              {"xl/_rels/workbook.xml.rels", rels},
              {"xl/sharedStrings.xml", strings},
              {"xl/worksheets/sheet1.xml", sheet1}});
}

std::string SheetOfSharedCells(int cells) {
  std::string sheet = "<worksheet><sheetData>";
  for (int r = 1; r <= cells; ++r) {
    absl::StrAppend(&sheet, "<row r=\"", r, "\"><c r=\"A", r, "\" t=\"s\"><v>0</v></c></row>");
  }
  return sheet + "</sheetData></worksheet>";
}

TEST(XlsxBudgetTest, OneLargeSharedStringInManyCellsIsRefused) {
  const std::string strings = "<sst><si><t>" + std::string(4 << 20, 'x') + "</t></si></sst>";
  const std::string book = Workbook(1, SheetOfSharedCells(50000), strings);
  EXPECT_LT(book.size(), 400u << 10) << "a small file";
  absl::StatusOr<std::vector<XlsxSheet>> read = ReadXlsxBytes(book);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(read.status().message().find("MB of text"), std::string::npos) << read.status();
}

TEST(XlsxBudgetTest, ManySheetsNamingOnePartAreRefused) {
  const std::string book = Workbook(200, SheetOfSharedCells(2000), "<sst><si><t>a</t></si></sst>");
  absl::StatusOr<std::vector<XlsxSheet>> read = ReadXlsxBytes(book);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("uses the part of another sheet"), std::string::npos)
      << read.status();
}

TEST(XlsxBudgetTest, AFloodOfEmptySharedStringsIsRefused) {
  std::string strings = "<sst>";
  for (int i = 0; i < 1500000; ++i) strings += "<si/>";
  strings += "</sst>";
  const std::string book = Workbook(1, SheetOfSharedCells(1), strings);
  absl::StatusOr<std::vector<XlsxSheet>> read = ReadXlsxBytes(book);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("shared strings"), std::string::npos) << read.status();
}

TEST(XlsxBudgetTest, AWorkbookWithinTheBudgetReads) {
  const std::string book =
      Workbook(1, SheetOfSharedCells(10000), "<sst><si><t>Олена</t></si></sst>");
  absl::StatusOr<std::vector<XlsxSheet>> read = ReadXlsxBytes(book);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].rows.size(), 10000u);
  EXPECT_EQ((*read)[0].rows.at(10000).at(0), "Олена");
}

}  // namespace
}  // namespace hromada
