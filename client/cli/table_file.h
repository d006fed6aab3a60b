// A spreadsheet of rows as people keep their lists: a .csv file (comma,
// semicolon or tab, as Excel writes it in Ukrainian locales; quoted cells;
// a UTF-8 byte order mark) or an .xlsx workbook (its first sheet, or the one
// named), read by the bounded workbook reader (client/xlsform/xlsx.h).
// Both importers read through here.
//
// Stateless; safe from any thread. NOT_FOUND if the file cannot be read,
// INVALID_ARGUMENT for a file that is not UTF-8 text, over 16 MB, not a
// workbook, or has no sheet of that name.
#ifndef HROMADA_CLIENT_CLI_TABLE_FILE_H_
#define HROMADA_CLIENT_CLI_TABLE_FILE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hromada::cli {

struct TableFile {
  std::string sheet;  // the sheet read; "" for a CSV file
  // Row number (1-based, as the spreadsheet shows it) -> column (0-based)
  // -> text. Empty cells are absent.
  std::map<int, std::map<int, std::string>> rows;
};

absl::StatusOr<TableFile> ReadTableFile(const std::string& path, absl::string_view sheet = "");
// Every sheet of a workbook, in order; a CSV file as its one sheet.
absl::StatusOr<std::vector<TableFile>> ReadTableFiles(const std::string& path);

// CSV text read as TableFile reads a .csv file.
absl::StatusOr<TableFile> ReadCsvText(absl::string_view text);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_TABLE_FILE_H_
