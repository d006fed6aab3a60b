#include "shared/report/render_xlsx.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "shared/report/render.h"
#include "shared/report/sheets.h"

namespace hromada {
namespace {

constexpr size_t kMaxCellBytes = 32767;  // Excel's limit for a cell's text
constexpr double kMaxColumnWidth = 60;

// Text cut to Excel's limit at a UTF-8 character boundary.
std::string CellText(const std::string& text) {
  if (text.size() <= kMaxCellBytes) return text;
  size_t end = kMaxCellBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// Characters (not bytes) in the longest line, for a column's width.
double Width(const std::string& text) {
  size_t longest = 0, current = 0;
  for (char c : text) {
    if (c == '\n') current = 0;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != '\n') ++current;
    longest = std::max(longest, current);
  }
  return static_cast<double>(longest);
}

lxw_error WriteCell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const ReportCell& cell,
                    lxw_format* percent, double* width) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    *width = std::max(*width, Width(*text));
    if (text->empty()) return LXW_NO_ERROR;
    return worksheet_write_string(ws, row, col, CellText(*text).c_str(), nullptr);
  }
  if (const auto* share = std::get_if<Share>(&cell)) {
    *width = std::max(*width, 8.0);
    return worksheet_write_number(ws, row, col, share->fraction, percent);
  }
  const double number = std::holds_alternative<int64_t>(cell)
                            ? static_cast<double>(std::get<int64_t>(cell))
                            : std::get<double>(cell);
  *width = std::max(*width, 10.0);
  return worksheet_write_number(ws, row, col, number, nullptr);
}

lxw_error WriteSheet(lxw_workbook* book, lxw_format* header, lxw_format* percent,
                     const ReportSheet& sheet) {
  lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
  if (ws == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
  std::vector<double> widths(sheet.columns.size(), 0);
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    widths[c] = Width(sheet.columns[c]) + 2;  // room for the filter button
    lxw_error e = worksheet_write_string(ws, 0, c, sheet.columns[c].c_str(), header);
    if (e != LXW_NO_ERROR) return e;
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    for (size_t c = 0; c < sheet.rows[r].size() && c < widths.size(); ++c) {
      lxw_error e = WriteCell(ws, r + 1, c, sheet.rows[r][c], percent, &widths[c]);
      if (e != LXW_NO_ERROR) return e;
    }
  }
  for (size_t c = 0; c < widths.size(); ++c) {
    worksheet_set_column(ws, c, c, std::min(widths[c] + 1, kMaxColumnWidth), nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  if (!sheet.columns.empty()) {
    worksheet_autofilter(ws, 0, 0, sheet.rows.size(), sheet.columns.size() - 1);
  }
  return LXW_NO_ERROR;
}

absl::Status WriteWorkbook(const Report& report, ReportLang lang, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) return absl::UnavailableError(absl::StrCat("cannot create ", path));
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  lxw_format* percent = workbook_add_format(book);
  format_set_num_format(percent, "0.0%");
  lxw_error error = LXW_NO_ERROR;
  for (const ReportSheet& sheet : ReportSheetsInWords(report, lang)) {
    error = WriteSheet(book, header, percent, sheet);
    if (error != LXW_NO_ERROR) break;
  }
  const lxw_error closed = workbook_close(book);  // frees the workbook
  if (error == LXW_NO_ERROR) error = closed;
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("cannot write the workbook: ", lxw_strerror(error)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> RenderXlsx(const Report& report, ReportLang lang) {
  const char* tmp = getenv("TMPDIR");
  std::string path =
      absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/hromada-report-XXXXXX");
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::UnavailableError("cannot create a temporary file for the workbook");
  close(fd);
  absl::Status written = WriteWorkbook(report, lang, path);
  std::string bytes;
  if (written.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream data;
    data << in.rdbuf();
    bytes = data.str();
    if (!in) written = absl::UnavailableError(absl::StrCat("cannot read back ", path));
  }
  unlink(path.c_str());
  if (!written.ok()) return written;
  return bytes;
}

absl::Status CheckReportFileFormat(absl::string_view format) {
  if (format == "xlsx" || ParseReportFormat(format).ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("unknown report format \"", format, "\": use table, csv, json, html or xlsx"));
}

absl::StatusOr<std::string> RenderReportFile(const Report& report, absl::string_view format,
                                             bool bom, const RenderOptions& options) {
  if (format == "xlsx") return RenderXlsx(report, options.lang);
  absl::StatusOr<ReportFormat> parsed = ParseReportFormat(format);
  if (!parsed.ok()) return CheckReportFileFormat(format);
  std::string text = Render(report, *parsed, options);
  if (bom && *parsed == ReportFormat::kCsv) text.insert(0, kUtf8Bom);
  return text;
}

}  // namespace hromada
