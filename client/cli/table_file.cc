#include "client/cli/table_file.h"

#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/xlsform/xlsx.h"
#include "shared/base/text.h"

namespace hromada::cli {
namespace {

constexpr size_t kMaxCsvBytes = 16u << 20;

// The separator of the header line: the one of , ; and tab it holds most
// of outside quotes (Excel writes ; where the decimal mark is a comma).
char Separator(absl::string_view text) {
  size_t counts[3] = {0, 0, 0};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',') ++counts[0];
    if (c == ';') ++counts[1];
    if (c == '\t') ++counts[2];
  }
  if (counts[1] > counts[0] && counts[1] >= counts[2]) return ';';
  if (counts[2] > counts[0]) return '\t';
  return ',';
}

}  // namespace

absl::StatusOr<TableFile> ReadCsvText(absl::string_view text) {
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
  if (CountCodePoints(text) < 0) {
    return absl::InvalidArgumentError(
        "the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\"");
  }
  const char sep = Separator(text);
  TableFile table;
  int row = 1, column = 0;
  std::string cell;
  bool quoted = false, any = false;
  auto end_cell = [&] {
    if (!cell.empty()) table.rows[row][column] = std::move(cell);
    cell.clear();
    ++column;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty()) {
      quoted = true;
    } else if (c == sep) {
      end_cell();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_cell();
      ++row;
      column = 0;
      any = false;
    } else {
      cell += c;
    }
  }
  if (quoted)
    return absl::InvalidArgumentError(absl::StrCat("row ", row, ": a quote is not closed"));
  if (any) end_cell();
  return table;
}

absl::StatusOr<TableFile> ReadTableFile(const std::string& path, absl::string_view sheet) {
  if (absl::EndsWithIgnoreCase(path, ".xlsx")) {
    absl::StatusOr<std::vector<XlsxSheet>> sheets = ReadXlsx(path);
    if (!sheets.ok()) return sheets.status();
    for (XlsxSheet& s : *sheets) {
      if (!sheet.empty() && !absl::EqualsIgnoreCase(s.name, sheet)) continue;
      return TableFile{s.name, std::move(s.rows)};
    }
    return absl::InvalidArgumentError(
        sheet.empty() ? std::string("the workbook has no sheet")
                      : absl::StrCat("the workbook has no sheet \"", sheet, "\""));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string text;
  text.resize(kMaxCsvBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxCsvBytes) {
    return absl::InvalidArgumentError("the file is over 16 MB; split it into smaller files");
  }
  return ReadCsvText(text);
}

absl::StatusOr<std::vector<TableFile>> ReadTableFiles(const std::string& path) {
  std::vector<TableFile> out;
  if (!absl::EndsWithIgnoreCase(path, ".xlsx")) {
    absl::StatusOr<TableFile> one = ReadTableFile(path);
    if (!one.ok()) return one.status();
    out.push_back(*std::move(one));
    return out;
  }
  absl::StatusOr<std::vector<XlsxSheet>> sheets = ReadXlsx(path);
  if (!sheets.ok()) return sheets.status();
  for (XlsxSheet& s : *sheets) out.push_back(TableFile{s.name, std::move(s.rows)});
  return out;
}

}  // namespace hromada::cli
