// Reads the cell texts of an .xlsx workbook (Office Open XML spreadsheet):
// the sheets named in xl/workbook.xml, found through
// xl/_rels/workbook.xml.rels, with shared strings (t="s"), inline strings
// (t="inlineStr"), formula strings (t="str"), booleans and plain numbers,
// each as the text the file stores. Formulas are not evaluated (their
// cached value is read); styles and dates' number formats are not applied.
//
// Stateless; safe to call from any thread. NOT_FOUND if the file cannot
// be opened, INVALID_ARGUMENT if it is not a readable workbook (not a zip,
// a part missing or malformed, a cell that is not valid UTF-8 or holds
// NUL) or if it is over the reader's budget, which bounds memory and time
// whatever the file: a sheet over 16 MB of XML unpacked, shared strings
// over 8 MB, more than 500,000 cells or 32 MB of cell text in all, two
// sheets that name the same part.
// ReadXlsxBytes reads a workbook already in memory (the fuzz target's way
// in; the bytes are not kept).
#ifndef HROMADA_CLIENT_XLSFORM_XLSX_H_
#define HROMADA_CLIENT_XLSFORM_XLSX_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada {

struct XlsxSheet {
  std::string name;
  // Row number (1-based, as the spreadsheet shows it) -> column index
  // (0-based: A is 0) -> text. Empty cells are absent.
  std::map<int, std::map<int, std::string>> rows;
};

// The sheets in workbook order.
absl::StatusOr<std::vector<XlsxSheet>> ReadXlsx(const std::string& path);
absl::StatusOr<std::vector<XlsxSheet>> ReadXlsxBytes(absl::string_view bytes);

// The spreadsheet's name of a 0-based column index: 0 -> "A", 27 -> "AB".
std::string XlsxColumnName(int column);

}  // namespace hromada

#endif  // HROMADA_CLIENT_XLSFORM_XLSX_H_
