// The .xlsx cell reader: libzip opens the package, pugixml parses its
// parts. Element and attribute names are matched by their local part, as
// writers differ in the namespace prefixes they use.
#include "client/xlsform/xlsx.h"

#include <zip.h>

#include <cstdlib>
#include <memory>
#include <pugixml.hpp>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "shared/base/text.h"

namespace hromada {
namespace {

// What one workbook may cost, so that a small file that unpacks or
// repeats into a large one is refused before it holds much memory or time
// (issue 22's workbook bombs). A participant list of 10,000 rows or a real
// XLSForm uses a small part of each.
constexpr zip_uint64_t kMaxSheetBytes = 16u << 20;   // one sheet's XML, unpacked
constexpr zip_uint64_t kMaxStringsBytes = 8u << 20;  // the shared strings' XML
constexpr size_t kMaxCells = 500000;                 // non-empty cells, all sheets
constexpr size_t kMaxTextBytes = 32u << 20;          // their text, all sheets

// The budget a workbook's reading draws on.
struct Budget {
  size_t cells = 0;
  size_t text_bytes = 0;
};

using Zip = std::unique_ptr<zip_t, decltype(&zip_discard)>;

absl::Status Unreadable(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("the workbook cannot be read: ", what));
}

// The uncompressed bytes of `name`; `*found` false (and OK) if absent.
absl::StatusOr<std::string> ReadPart(zip_t* zip, const std::string& name, zip_uint64_t max_bytes,
                                     bool* found) {
  zip_stat_t st;
  zip_stat_init(&st);
  *found = zip_stat(zip, name.c_str(), 0, &st) == 0;
  if (!*found) return std::string();
  if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > max_bytes) {
    return Unreadable(absl::StrCat(name, " is too large (over ", max_bytes >> 20, " MB unpacked)"));
  }
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(zip, name.c_str(), 0),
                                                          &zip_fclose);
  if (file == nullptr) return Unreadable(absl::StrCat(name, " cannot be opened"));
  std::string bytes(st.size, '\0');
  const zip_int64_t n = zip_fread(file.get(), bytes.data(), st.size);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
    return Unreadable(absl::StrCat(name, " is damaged"));
  }
  return bytes;
}

absl::Status ParseXml(zip_t* zip, const std::string& name, bool required, zip_uint64_t max_bytes,
                      pugi::xml_document* doc) {
  bool found = false;
  absl::StatusOr<std::string> bytes = ReadPart(zip, name, max_bytes, &found);
  if (!bytes.ok()) return bytes.status();
  if (!found) return required ? Unreadable(absl::StrCat(name, " is missing")) : absl::OkStatus();
  if (!doc->load_buffer(bytes->data(), bytes->size())) {
    return Unreadable(absl::StrCat(name, " is not well-formed XML"));
  }
  return absl::OkStatus();
}

absl::string_view Local(const char* name) {
  absl::string_view s(name);
  const size_t colon = s.rfind(':');
  return colon == absl::string_view::npos ? s : s.substr(colon + 1);
}

bool Is(const pugi::xml_node& node, absl::string_view local) { return Local(node.name()) == local; }

pugi::xml_node Child(const pugi::xml_node& node, absl::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (Is(c, local)) return c;
  }
  return pugi::xml_node();
}

// The attribute by its local name; `prefixed` requires a namespace prefix
// (r:id, not id).
const char* Attr(const pugi::xml_node& node, absl::string_view local, bool prefixed = false) {
  for (pugi::xml_attribute a : node.attributes()) {
    const bool has_prefix = absl::StrContains(a.name(), ':');
    if (Local(a.name()) == local && has_prefix == prefixed) return a.value();
  }
  return "";
}

// A rich or plain string item (<si> or <is>): its <t> texts, leaving out
// phonetic runs (<rPh>).
std::string StringItem(const pugi::xml_node& item) {
  std::string out;
  for (pugi::xml_node c : item.children()) {
    if (Is(c, "t")) absl::StrAppend(&out, c.child_value());
    if (Is(c, "r")) absl::StrAppend(&out, Child(c, "t").child_value());
  }
  return out;
}

// Column index and row number of a reference such as "AB12"; false if malformed.
bool ParseRef(absl::string_view ref, int* column, int* row) {
  size_t i = 0;
  int col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && col < 100000) {
    col = col * 26 + (ref[i++] - 'A' + 1);
  }
  if (i == 0 || !absl::SimpleAtoi(ref.substr(i), row) || *row < 1) return false;
  *column = col - 1;
  return true;
}

absl::StatusOr<std::string> CellText(const pugi::xml_node& c,
                                     const std::vector<std::string>& shared) {
  // Shared strings are referenced by index: they are copied only into a
  // cell that uses one, and the budget counts every copy.
  const absl::string_view type = Attr(c, "t");
  if (type == "inlineStr") return StringItem(Child(c, "is"));
  const std::string value = Child(c, "v").child_value();
  if (type == "s") {
    size_t index = 0;
    if (!absl::SimpleAtoi(value, &index) || index >= shared.size()) {
      return Unreadable(absl::StrCat("cell ", Attr(c, "r"), " names a missing shared string"));
    }
    return shared[index];
  }
  if (type == "b") return std::string(value == "1" ? "TRUE" : "FALSE");
  return value;  // a number, a formula's string (t="str") or an error text (t="e")
}

absl::Status ReadSheet(const pugi::xml_document& doc, const std::vector<std::string>& shared,
                       Budget* budget, XlsxSheet* sheet) {
  const pugi::xml_node data = Child(Child(doc, "worksheet"), "sheetData");
  int row_number = 0;
  for (pugi::xml_node row : data.children()) {
    if (!Is(row, "row")) continue;
    const char* r = Attr(row, "r");
    if (*r == '\0' ? (++row_number, false) : !absl::SimpleAtoi(r, &row_number)) {
      return Unreadable(absl::StrCat("sheet ", sheet->name, " has a malformed row number"));
    }
    int column = -1;
    for (pugi::xml_node c : row.children()) {
      if (!Is(c, "c")) continue;
      const char* ref = Attr(c, "r");
      int ref_row = row_number;
      if (*ref == '\0' ? (++column, false) : !ParseRef(ref, &column, &ref_row)) {
        return Unreadable(absl::StrCat("sheet ", sheet->name, " has a malformed cell reference"));
      }
      absl::StatusOr<std::string> text = CellText(c, shared);
      if (!text.ok()) return text.status();
      // XML parts may declare any bytes; the form's JSON holds only UTF-8.
      if (CountCodePoints(*text) < 0) {
        return Unreadable(absl::StrCat("sheet ", sheet->name, ", cell ", XlsxColumnName(column),
                                       ref_row, " is not valid UTF-8 text"));
      }
      if (text->empty()) continue;
      budget->text_bytes += text->size();
      if (++budget->cells > kMaxCells || budget->text_bytes > kMaxTextBytes) {
        return Unreadable(absl::StrCat("it holds more than ", kMaxCells, " cells or ",
                                       kMaxTextBytes >> 20,
                                       " MB of text; split it into smaller workbooks"));
      }
      sheet->rows[row_number][column] = *std::move(text);
    }
  }
  return absl::OkStatus();
}

// A relationship's target as a part name: relative to xl/ or absolute.
std::string PartName(absl::string_view target) {
  if (absl::StartsWith(target, "/")) return std::string(target.substr(1));
  return absl::StrCat("xl/", target);
}

absl::StatusOr<std::vector<XlsxSheet>> ReadPackage(zip_t* zip) {
  pugi::xml_document workbook, rels, strings;
  for (auto [name, required, max, doc] :
       {std::tuple{"xl/workbook.xml", true, kMaxStringsBytes, &workbook},
        std::tuple{"xl/_rels/workbook.xml.rels", true, kMaxStringsBytes, &rels},
        std::tuple{"xl/sharedStrings.xml", false, kMaxStringsBytes, &strings}}) {
    if (absl::Status s = ParseXml(zip, name, required, max, doc); !s.ok()) return s;
  }
  std::vector<std::string> shared;
  for (pugi::xml_node si : Child(strings, "sst").children()) {
    if (!Is(si, "si")) continue;
    if (shared.size() == kMaxCells) {
      return Unreadable(absl::StrCat("it holds more than ", kMaxCells, " shared strings"));
    }
    shared.push_back(StringItem(si));
  }
  std::map<std::string, std::string> targets;
  for (pugi::xml_node rel : Child(rels, "Relationships").children()) {
    if (Is(rel, "Relationship")) targets[Attr(rel, "Id")] = Attr(rel, "Target");
  }
  std::vector<XlsxSheet> out;
  std::set<std::string> parts;  // each part is read once: no two sheets share one
  Budget budget;
  for (pugi::xml_node s : Child(Child(workbook, "workbook"), "sheets").children()) {
    if (!Is(s, "sheet")) continue;
    XlsxSheet sheet;
    sheet.name = Attr(s, "name");
    auto target = targets.find(Attr(s, "id", /*prefixed=*/true));
    if (target == targets.end())
      return Unreadable(absl::StrCat("sheet ", sheet.name, " has no part"));
    const std::string part = PartName(target->second);
    if (!parts.insert(part).second) {
      return Unreadable(absl::StrCat("sheet ", sheet.name, " uses the part of another sheet"));
    }
    pugi::xml_document doc;
    if (absl::Status st = ParseXml(zip, part, true, kMaxSheetBytes, &doc); !st.ok()) return st;
    if (absl::Status st = ReadSheet(doc, shared, &budget, &sheet); !st.ok()) return st;
    out.push_back(std::move(sheet));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<XlsxSheet>> ReadXlsx(const std::string& path) {
  int error = 0;
  Zip zip(zip_open(path.c_str(), ZIP_RDONLY, &error), &zip_discard);
  if (zip == nullptr) {
    if (error == ZIP_ER_NOENT || error == ZIP_ER_OPEN || error == ZIP_ER_READ) {
      return absl::NotFoundError(absl::StrCat("cannot read the workbook ", path));
    }
    return Unreadable(absl::StrCat(path, " is not an .xlsx file (not a zip archive)"));
  }
  return ReadPackage(zip.get());
}

absl::StatusOr<std::vector<XlsxSheet>> ReadXlsxBytes(absl::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  // The source borrows `bytes` (freep 0); zip_open_from_source takes it on
  // success, so it is freed here only on failure.
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_error_fini(&error);
  if (source == nullptr) return Unreadable("out of memory");
  zip_error_init(&error);
  Zip zip(zip_open_from_source(source, ZIP_RDONLY, &error), &zip_discard);
  zip_error_fini(&error);
  if (zip == nullptr) {
    zip_source_free(source);
    return Unreadable("not an .xlsx file (not a zip archive)");
  }
  return ReadPackage(zip.get());
}

std::string XlsxColumnName(int column) {
  std::string name;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

}  // namespace hromada
