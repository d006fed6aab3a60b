// XLSForm to form JSON. Each sheet is read as a table under its first
// row's headers; every refusal names the cell at fault.
#include "client/xlsform/xlsform.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace hromada {
namespace {

using nlohmann::json;

// Number questions without a `. >= A and . <= B` constraint.
constexpr double kDefaultMin = 0, kDefaultMax = 1000000;

// Question types with nothing to ask: ODK fills them from the device.
const std::set<std::string> kMetadataTypes = {
    "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid"};

// A sheet under the headers of its first row.
class Table {
 public:
  explicit Table(const XlsxSheet& sheet) : sheet_(sheet) {
    if (sheet.rows.empty()) return;
    header_row_ = sheet.rows.begin()->first;
    for (const auto& [column, text] : sheet.rows.begin()->second) {
      columns_[absl::AsciiStrToLower(absl::StripAsciiWhitespace(text))] = column;
    }
  }

  // The data rows, header excluded.
  std::vector<int> Rows() const {
    std::vector<int> out;
    for (const auto& item : sheet_.rows) {
      if (item.first != header_row_) out.push_back(item.first);
    }
    return out;
  }
  const std::map<std::string, int>& Columns() const { return columns_; }
  bool Has(const std::string& header) const { return columns_.count(header) != 0; }

  // The trimmed text under `header` in `row`; empty if none.
  std::string Get(int row, const std::string& header) const {
    auto column = columns_.find(header);
    return column == columns_.end() ? "" : At(row, column->second);
  }
  std::string At(int row, int column) const {
    auto r = sheet_.rows.find(row);
    if (r == sheet_.rows.end()) return "";
    auto c = r->second.find(column);
    return c == r->second.end() ? "" : std::string(absl::StripAsciiWhitespace(c->second));
  }

  // "survey sheet, row 5, column A (type): <what>".
  absl::Status Error(int row, const std::string& header, absl::string_view what) const {
    auto column = columns_.find(header);
    const std::string where = column == columns_.end()
                                  ? absl::StrCat(sheet_.name, " sheet, row ", row)
                                  : absl::StrCat(sheet_.name, " sheet, row ", row, ", column ",
                                                 XlsxColumnName(column->second), " (", header, ")");
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
  }

 private:
  const XlsxSheet& sheet_;
  int header_row_ = 0;
  std::map<std::string, int> columns_;
};

const XlsxSheet* FindSheet(const std::vector<XlsxSheet>& sheets, absl::string_view name) {
  for (const XlsxSheet& s : sheets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool IsId(absl::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// The label columns of a table, Ukrainian first, then the plain `label`,
// then English, then any other language.
std::vector<std::string> LabelColumns(const Table& t) {
  std::vector<std::string> ranked[4];
  for (const auto& [header, column] : t.Columns()) {
    if (header == "label") {
      ranked[1].push_back(header);
    } else if (absl::StartsWith(header, "label::")) {
      const bool uk = absl::EndsWith(header, "(uk)") || absl::StrContains(header, "українська") ||
                      absl::StrContains(header, "ukrainian");
      const bool en = absl::EndsWith(header, "(en)") || absl::StrContains(header, "english");
      ranked[uk ? 0 : en ? 2 : 3].push_back(header);
    }
  }
  std::vector<std::string> out;
  for (const auto& r : ranked) out.insert(out.end(), r.begin(), r.end());
  return out;
}

std::string Label(const Table& t, const std::vector<std::string>& columns, int row) {
  for (const std::string& c : columns) {
    std::string text = t.Get(row, c);
    if (!text.empty()) return text;
  }
  return "";
}

// Headers that say nothing the form model keeps: messages shown when a
// rule we enforce anyway is broken.
bool IsIgnored(const std::string& header) {
  return absl::StartsWith(header, "constraint_message") ||
         absl::StartsWith(header, "required_message");
}

// Refuses a non-empty cell under a header the reader does not know.
absl::Status CheckColumns(const Table& t, int row, const std::set<std::string>& known) {
  for (const auto& [header, column] : t.Columns()) {
    if (known.count(header) || absl::StartsWith(header, "label::") || IsIgnored(header)) continue;
    if (!t.At(row, column).empty()) {
      return t.Error(row, header, absl::StrCat("the column \"", header, "\" is not supported"));
    }
  }
  return absl::OkStatus();
}

// list_name -> options, in sheet order.
absl::StatusOr<std::map<std::string, json>> ReadChoices(const XlsxSheet* sheet) {
  std::map<std::string, json> lists;
  if (sheet == nullptr) return lists;
  const Table t(*sheet);
  const std::vector<std::string> labels = LabelColumns(t);
  for (int row : t.Rows()) {
    const std::string list = t.Get(row, "list_name");
    const std::string name = t.Get(row, "name");
    if (list.empty() && name.empty()) continue;
    if (list.empty()) return t.Error(row, "list_name", "the choice names no list");
    if (!IsId(name)) {
      return t.Error(row, "name",
                     absl::StrCat("the choice name \"", name,
                                  "\" must be lower-case latin letters, digits and _"));
    }
    const std::string label = Label(t, labels, row);
    if (label.empty()) return t.Error(row, labels.empty() ? "label" : labels[0], "no label");
    lists[list].push_back({{"id", name}, {"label", label}});
  }
  return lists;
}

// `. >= A and . <= B` (either order) -> min, max.
bool ParseRange(absl::string_view constraint, double* min, double* max) {
  std::vector<std::string> parts = absl::StrSplit(constraint, " and ");
  if (parts.size() != 2) return false;
  bool has_min = false, has_max = false;
  for (std::string& p : parts) {
    absl::RemoveExtraAsciiWhitespace(&p);
    double x = 0;
    if (absl::StartsWith(p, ". >= ") && absl::SimpleAtod(p.substr(5), &x)) {
      *min = x;
      has_min = true;
    } else if (absl::StartsWith(p, ". <= ") && absl::SimpleAtod(p.substr(5), &x)) {
      *max = x;
      has_max = true;
    }
  }
  return has_min && has_max;
}

// The two `relevant` forms are read by a cursor over the text rather than
// std::regex: a few lines of grammar, linear in the input (the fuzz target
// feeds it anything), and no libstdc++ regex code, which gcc's sanitizer
// builds flag with a false -Wmaybe-uninitialized.
void SkipSpaces(absl::string_view* s) {
  while (!s->empty() && absl::ascii_isspace(s->front())) s->remove_prefix(1);
}

// [a-z0-9_]+
bool ConsumeName(absl::string_view* s, std::string* name) {
  size_t n = 0;
  while (n < s->size() &&
         (absl::ascii_islower((*s)[n]) || absl::ascii_isdigit((*s)[n]) || (*s)[n] == '_')) {
    ++n;
  }
  if (n == 0) return false;
  *name = std::string(s->substr(0, n));
  s->remove_prefix(n);
  return true;
}

// ${name}
bool ConsumeReference(absl::string_view* s, std::string* name) {
  return absl::ConsumePrefix(s, "${") && ConsumeName(s, name) && absl::ConsumePrefix(s, "}");
}

// 'name' or "name"
bool ConsumeQuoted(absl::string_view* s, std::string* name) {
  if (s->empty() || (s->front() != '\'' && s->front() != '"')) return false;
  const char quote[2] = {s->front(), 0};
  s->remove_prefix(1);
  return ConsumeName(s, name) && absl::ConsumePrefix(s, quote);
}

// `${q} = 'x'` or `selected(${q}, 'x')`, spaces allowed around the
// punctuation, nothing else.
bool ParseRelevant(absl::string_view s, std::string* question, std::string* chosen) {
  if (absl::ConsumePrefix(&s, "selected(")) {
    SkipSpaces(&s);
    if (!ConsumeReference(&s, question)) return false;
    SkipSpaces(&s);
    if (!absl::ConsumePrefix(&s, ",")) return false;
    SkipSpaces(&s);
    if (!ConsumeQuoted(&s, chosen)) return false;
    SkipSpaces(&s);
    return absl::ConsumePrefix(&s, ")") && s.empty();
  }
  if (!ConsumeReference(&s, question)) return false;
  SkipSpaces(&s);
  if (!absl::ConsumePrefix(&s, "=")) return false;
  SkipSpaces(&s);
  return ConsumeQuoted(&s, chosen) && s.empty();
}

// `${q} = 'x'` or `selected(${q}, 'x')` -> {"question": q, "chosen": x}.
absl::Status ReadRelevant(const Table& t, int row, json* q) {
  const std::string text = t.Get(row, "relevant");
  if (text.empty()) return absl::OkStatus();
  std::string question, chosen;
  if (!ParseRelevant(text, &question, &chosen)) {
    return t.Error(row, "relevant",
                   "only ${question} = 'option' and selected(${question}, 'option') are "
                   "supported");
  }
  (*q)["relevant"] = {{"question", question}, {"chosen", chosen}};
  return absl::OkStatus();
}

absl::StatusOr<bool> ReadRequired(const Table& t, int row) {
  const std::string v = absl::AsciiStrToLower(t.Get(row, "required"));
  if (v.empty() || v == "no" || v == "false" || v == "0" || v == "false()") return false;
  if (v == "yes" || v == "true" || v == "1" || v == "true()") return true;
  return t.Error(row, "required", absl::StrCat("\"", v, "\" is not yes or no"));
}

// The type-specific part of a question from its XLSForm type words.
absl::Status ReadType(const Table& t, int row, const std::map<std::string, json>& lists, json* q) {
  const std::string type = t.Get(row, "type");
  const std::vector<std::string> words = absl::StrSplit(type, ' ', absl::SkipWhitespace());
  const std::string kind = words.empty() ? "" : words[0];
  const bool listed = kind == "select_one" || kind == "select_multiple" || kind == "rank";
  if (listed && words.size() == 2) {
    auto list = lists.find(words[1]);
    if (list == lists.end()) {
      return t.Error(row, "type", absl::StrCat("no list \"", words[1], "\" on the choices sheet"));
    }
    (*q)["type"] = kind == "select_one"        ? "single_choice"
                   : kind == "select_multiple" ? "multiple_choice"
                                               : "ranking";
    (*q)["options"] = list->second;
  } else if (!listed && words.size() == 1 && (kind == "integer" || kind == "decimal")) {
    double min = kDefaultMin, max = kDefaultMax;
    const std::string constraint = t.Get(row, "constraint");
    if (!constraint.empty() && !ParseRange(constraint, &min, &max)) {
      return t.Error(row, "constraint", "only \". >= A and . <= B\" is supported");
    }
    (*q)["type"] = "number";
    (*q)["min"] = min;
    (*q)["max"] = max;
  } else if (!listed && words.size() == 1 && (kind == "text" || kind == "date")) {
    (*q)["type"] = "text";
    if (kind == "date") {
      (*q)["text"] = absl::StrCat((*q)["text"].get<std::string>(), " (YYYY-MM-DD)");
      (*q)["max_length"] = 10;
    }
  } else {
    return t.Error(row, "type", absl::StrCat("\"", type, "\" is not supported"));
  }
  if (!t.Get(row, "constraint").empty() && (*q)["type"] != "number") {
    return t.Error(row, "constraint", "a constraint is supported only on integer and decimal");
  }
  return absl::OkStatus();
}

absl::StatusOr<json> ReadQuestion(const Table& t, int row, const std::vector<std::string>& labels,
                                  const std::map<std::string, json>& lists) {
  const std::string name = t.Get(row, "name");
  if (!IsId(name)) {
    return t.Error(row, "name",
                   absl::StrCat("the question name \"", name,
                                "\" must be lower-case latin letters, digits and _"));
  }
  const std::string label = Label(t, labels, row);
  if (label.empty()) return t.Error(row, labels.empty() ? "label" : labels[0], "no label");
  absl::StatusOr<bool> required = ReadRequired(t, row);
  if (!required.ok()) return required.status();
  json q = {{"id", name}, {"text", label}, {"required", *required}};
  if (absl::Status s = ReadType(t, row, lists, &q); !s.ok()) return s;
  if (absl::Status s = ReadRelevant(t, row, &q); !s.ok()) return s;
  return q;
}

absl::StatusOr<json> ReadQuestions(const XlsxSheet& sheet,
                                   const std::map<std::string, json>& lists) {
  const Table t(sheet);
  if (!t.Has("type") || !t.Has("name")) {
    return absl::InvalidArgumentError(
        "survey sheet, row 1: the first row must name the columns, among them type and name");
  }
  const std::vector<std::string> labels = LabelColumns(t);
  json questions = json::array();
  for (int row : t.Rows()) {
    const std::string type = t.Get(row, "type");
    if (kMetadataTypes.count(type) != 0) continue;
    if (absl::Status s =
            CheckColumns(t, row, {"type", "name", "label", "required", "constraint", "relevant"});
        !s.ok()) {
      return s;
    }
    if (type.empty()) {
      if (!t.Get(row, "name").empty()) return t.Error(row, "type", "the question has no type");
      continue;
    }
    absl::StatusOr<json> q = ReadQuestion(t, row, labels, lists);
    if (!q.ok()) return q.status();
    questions.push_back(*std::move(q));
  }
  return questions;
}

// form, version and title from the settings sheet's first data row.
absl::Status ReadSettings(const XlsxSheet* sheet, json* form) {
  if (sheet == nullptr) {
    return absl::InvalidArgumentError("the workbook has no settings sheet; it must give form_id");
  }
  const Table t(*sheet);
  const std::vector<int> rows = t.Rows();
  const int row = rows.empty() ? 2 : rows[0];
  const std::string id = t.Get(row, "form_id");
  if (!IsFormKey(id)) {
    return t.Error(
        row, "form_id",
        absl::StrCat("form_id \"", id, "\" must be lower-case latin letters, digits, _ and -"));
  }
  const std::string version = t.Get(row, "version");
  int64_t v = 1;
  if (!version.empty() && (!absl::SimpleAtoi(version, &v) || v < 1 || v > 1000000)) {
    return t.Error(row, "version",
                   absl::StrCat("version \"", version,
                                "\" must be a whole number from 1 to "
                                "1000000"));
  }
  const std::string title = t.Get(row, "form_title");
  (*form)["form"] = id;
  (*form)["version"] = v;
  (*form)["title"] = title.empty() ? id : title;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<json> XlsFormToJson(const std::vector<XlsxSheet>& sheets) {
  const XlsxSheet* survey = FindSheet(sheets, "survey");
  if (survey == nullptr) return absl::InvalidArgumentError("the workbook has no survey sheet");
  json form = json::object();
  if (absl::Status s = ReadSettings(FindSheet(sheets, "settings"), &form); !s.ok()) return s;
  absl::StatusOr<std::map<std::string, json>> lists = ReadChoices(FindSheet(sheets, "choices"));
  if (!lists.ok()) return lists.status();
  absl::StatusOr<json> questions = ReadQuestions(*survey, *lists);
  if (!questions.ok()) return questions.status();
  form["questions"] = *std::move(questions);
  return form;
}

absl::StatusOr<SurveyForm> ReadXlsFormFile(const std::string& path) {
  absl::StatusOr<std::vector<XlsxSheet>> sheets = ReadXlsx(path);
  if (!sheets.ok()) return sheets.status();
  absl::StatusOr<json> form = XlsFormToJson(*sheets);
  if (!form.ok()) return form.status();
  return ParseSurveyFormJson(form->dump());
}

}  // namespace hromada
