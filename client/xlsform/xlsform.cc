// XLSForm to form JSON. Each sheet is read as a table under its first
// row's headers; every refusal names the cell at fault.
#include "client/xlsform/xlsform.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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
      columns_.emplace(NormalHeader(text), column);  // the first of two same headers wins
    }
  }

  // A header as pyxform reads it: case and spaces do not matter
  // ("List Name" is list_name), and one colon before a language is two
  // ("label:English" is label::english).
  static std::string NormalHeader(absl::string_view text) {
    std::string h = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
    const size_t colon = h.find(':');
    if (colon != std::string::npos && h.compare(colon, 2, "::") != 0) h.insert(colon, ":");
    const size_t split = h.find("::");
    std::string head = h.substr(0, split);
    absl::RemoveExtraAsciiWhitespace(&head);
    absl::StrReplaceAll({{" ", "_"}}, &head);
    return split == std::string::npos ? head : absl::StrCat(head, h.substr(split));
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
  const std::string& Name() const { return sheet_.name; }
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

// Sheet names are matched ignoring case ("SURVEY" is survey).
const XlsxSheet* FindSheet(const std::vector<XlsxSheet>& sheets, absl::string_view name) {
  for (const XlsxSheet& s : sheets) {
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(s.name), name)) return &s;
  }
  return nullptr;
}

// What the reader ignored or changed, one line each, each said once.
class Warnings {
 public:
  explicit Warnings(std::vector<std::string>* out) : out_(out) {}
  void Add(std::string line) {
    if (out_ != nullptr && seen_.insert(line).second) out_->push_back(std::move(line));
  }

 private:
  std::vector<std::string>* out_;
  std::set<std::string> seen_;
};

// An XLSForm name (a question's or a choice's) as an id of the form model:
// lower case, and any character but latin letters, digits and _ as _
// ("Q1.Age" is q1_age). Empty if nothing is left.
// A form_id keeps its '-' (form keys allow it).
std::string IdOf(absl::string_view name, bool form_key = false) {
  std::string id = absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  for (char& c : id) {
    const bool kept =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (form_key && c == '-');
    if (!kept) c = '_';
  }
  return id.size() > 100 ? "" : id;
}

// A label as one line: line breaks and runs of spaces become one space.
std::string OneLine(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  absl::RemoveExtraAsciiWhitespace(&out);
  return out;
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
    std::string text = OneLine(t.Get(row, c));
    if (!text.empty()) return text;
  }
  return "";
}

// Refuses nothing: a non-empty cell under a column the form model does
// not keep (hint, appearance, default, media::image, …) is ignored with one
// warning line for that column.
void WarnUnusedColumns(const Table& t, int row, const std::set<std::string>& known,
                       Warnings* warnings) {
  for (const auto& [header, column] : t.Columns()) {
    if (known.count(header) || absl::StartsWith(header, "label::")) continue;
    if (!t.At(row, column).empty()) {
      warnings->Add(absl::StrCat(t.Name(), " sheet: the column \"", header,
                                 "\" is not kept by hromada forms; it is ignored"));
    }
  }
}

// list_name -> options, in sheet order, into *lists; names become ids
// (IdOf).
absl::Status ReadChoices(const XlsxSheet* sheet, std::map<std::string, json>* out,
                         Warnings* warnings) {
  if (sheet == nullptr) return absl::OkStatus();
  std::map<std::string, json>& lists = *out;
  const Table t(*sheet);
  const std::vector<std::string> labels = LabelColumns(t);
  for (int row : t.Rows()) {
    const std::string list = t.Get(row, "list_name");
    const std::string name = t.Get(row, "name");
    if (list.empty() && name.empty()) continue;
    if (list.empty()) return t.Error(row, "list_name", "the choice names no list");
    const std::string id = IdOf(name);
    if (id.empty()) {
      return t.Error(row, "name",
                     absl::StrCat("the choice name \"", name, "\" has no letters or digits"));
    }
    std::string label = Label(t, labels, row);
    if (label.empty()) {
      warnings->Add(absl::StrCat(t.Name(), " sheet, row ", row, ": the choice \"", name,
                                 "\" has no label; its name is shown"));
      label = name;
    }
    json& options = lists[list];
    if (std::any_of(options.begin(), options.end(), [&](const json& o) { return o["id"] == id; })) {
      warnings->Add(absl::StrCat(t.Name(), " sheet, row ", row, ": the list \"", list, "\" has \"",
                                 name,
                                 "\" twice (choice filters are not kept); the first is kept"));
      continue;
    }
    options.push_back({{"id", id}, {"label", label}});
  }
  return absl::OkStatus();
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

// An XLSForm name ([A-Za-z0-9_.-]+), read as the id it becomes (IdOf).
bool ConsumeName(absl::string_view* s, std::string* name) {
  size_t n = 0;
  while (n < s->size() &&
         (absl::ascii_isalnum((*s)[n]) || (*s)[n] == '_' || (*s)[n] == '.' || (*s)[n] == '-')) {
    ++n;
  }
  if (n == 0) return false;
  *name = IdOf(s->substr(0, n));
  s->remove_prefix(n);
  return !name->empty();
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
// Any other condition, and a group's, cannot be held: the question is then
// asked always, and not required, with a warning that quotes it.
void ReadRelevant(const Table& t, int row, const std::string& group_relevant, json* q,
                  Warnings* warnings) {
  const std::string text = t.Get(row, "relevant");
  std::string question, chosen;
  if (!text.empty() && group_relevant.empty() && ParseRelevant(text, &question, &chosen)) {
    (*q)["relevant"] = {{"question", question}, {"chosen", chosen}};
    return;
  }
  const std::string& condition = text.empty() ? group_relevant : text;
  if (condition.empty()) return;
  (*q)["required"] = false;
  warnings->Add(absl::StrCat(
      t.Name(), " sheet, row ", row, ": the condition \"", condition,
      "\" cannot be held (only ${question} = 'option' and selected(${question}, 'option') "
      "can); the question is always asked and not required"));
}

bool ReadRequired(const Table& t, int row, Warnings* warnings) {
  const std::string v = absl::AsciiStrToLower(t.Get(row, "required"));
  if (v.empty() || v == "no" || v == "false" || v == "0" || v == "false()") return false;
  if (v == "yes" || v == "true" || v == "1" || v == "true()") return true;
  warnings->Add(absl::StrCat(t.Name(), " sheet, row ", row, ": required \"", v,
                             "\" is not yes or no; the question is not required"));
  return false;
}

// A row's type as words, the way pyxform reads it: the type's own words in
// any case ("Select One x" is select_one x, "begin group" is begin_group,
// and pyxform's older "select one from x", "select all that apply from x",
// "… or specify other" and "phone number"), the list name as written.
std::vector<std::string> TypeWords(const std::string& type) {
  const std::vector<std::string> w = absl::StrSplit(type, ' ', absl::SkipWhitespace());
  std::vector<std::string> lw;
  for (const std::string& x : w) lw.push_back(absl::AsciiStrToLower(x));
  auto starts = [&](std::initializer_list<const char*> words) {
    size_t k = 0;
    for (const char* x : words) {
      if (k >= lw.size() || lw[k++] != x) return false;
    }
    return true;
  };
  std::vector<std::string> out;
  size_t rest = 1;
  if (starts({"select", "all", "that", "apply", "from"})) {
    out = {"select_multiple"}, rest = 5;
  } else if (starts({"select", "one", "from"})) {
    out = {"select_one"}, rest = 3;
  } else if (starts({"phone", "number"})) {
    out = {"text"}, rest = 2;
  } else if (lw.size() >= 2 && (lw[0] == "select" || lw[0] == "begin" || lw[0] == "end")) {
    out = {absl::StrCat(lw[0], "_", lw[1])}, rest = 2;
  } else if (!lw.empty()) {
    out = {lw[0]};
  }
  for (size_t k = rest; k < w.size(); ++k) {
    if (lw[k] == "or" && k + 2 < lw.size() && lw[k + 1] == "specify" && lw[k + 2] == "other") {
      out.push_back("or_other");
      k += 2;
    } else {
      out.push_back(k == rest ? w[k] : lw[k]);  // the list name as written
    }
  }
  return out;
}

// The row's parameters ("start=1 end=10 step=1") as numbers.
std::map<std::string, double> Parameters(const Table& t, int row) {
  std::map<std::string, double> out;
  for (absl::string_view item :
       absl::StrSplit(t.Get(row, "parameters"), absl::ByAnyChar(" ;,"), absl::SkipWhitespace())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(item, absl::MaxSplits('=', 1));
    double x = 0;
    if (absl::SimpleAtod(kv.second, &x)) out[absl::AsciiStrToLower(kv.first)] = x;
  }
  return out;
}

// A choice question's options: its list, and with or_other an "other".
absl::Status ReadOptions(const Table& t, int row, const std::vector<std::string>& words,
                         const std::map<std::string, json>& lists, json* q) {
  auto list = lists.find(words[1]);
  if (list == lists.end()) {
    return t.Error(row, "type", absl::StrCat("no list \"", words[1], "\" on the choices sheet"));
  }
  (*q)["options"] = list->second;
  if (words.size() == 3) (*q)["options"].push_back({{"id", "other"}, {"label", "Other / Інше"}});
  return absl::OkStatus();
}

// A number question's range: `. >= A and . <= B` if the constraint says
// so, a range's start and end, or 0 to 1,000,000.
void ReadRange(const Table& t, int row, bool range, json* q, Warnings* warnings) {
  double min = kDefaultMin, max = kDefaultMax;
  if (range) {
    const std::map<std::string, double> p = Parameters(t, row);
    min = p.count("start") ? p.at("start") : 1;
    max = p.count("end") ? p.at("end") : 10;
    if (min > max) std::swap(min, max);
  }
  const std::string constraint = t.Get(row, "constraint");
  if (!constraint.empty() && !ParseRange(constraint, &min, &max)) {
    warnings->Add(absl::StrCat(t.Name(), " sheet, row ", row, ": the constraint \"", constraint,
                               "\" cannot be held (only \". >= A and . <= B\" can); the answer "
                               "is checked to be from ",
                               min, " to ", max));
  }
  (*q)["type"] = "number";
  (*q)["min"] = min;
  (*q)["max"] = max;
}

// The type-specific part of a question from its XLSForm type words.
absl::Status ReadType(const Table& t, int row, const std::vector<std::string>& words,
                      const std::map<std::string, json>& lists, json* q, Warnings* warnings) {
  std::string kind = words[0];
  // select_one_external: its list is on the external_choices sheet.
  if (absl::EndsWith(kind, "_external")) kind.resize(kind.size() - 9);
  const bool listed = kind == "select_one" || kind == "select_multiple" || kind == "rank";
  const bool or_other = words.size() == 3 && words[2] == "or_other";
  if (listed && (words.size() == 2 || or_other)) {
    (*q)["type"] = kind == "select_one"        ? "single_choice"
                   : kind == "select_multiple" ? "multiple_choice"
                                               : "ranking";
    if (absl::Status s = ReadOptions(t, row, words, lists, q); !s.ok()) return s;
  } else if (words.size() == 1 && (kind == "integer" || kind == "decimal" || kind == "range")) {
    ReadRange(t, row, kind == "range", q, warnings);
    return absl::OkStatus();
  } else if (words.size() == 1 &&
             (kind == "text" || kind == "date" || kind == "time" || kind == "datetime")) {
    (*q)["type"] = "text";
    const char* format = kind == "date"       ? " (YYYY-MM-DD)"
                         : kind == "time"     ? " (HH:MM)"
                         : kind == "datetime" ? " (YYYY-MM-DD HH:MM)"
                                              : "";
    if (*format != '\0') {
      (*q)["text"] = absl::StrCat((*q)["text"].get<std::string>(), format);
      (*q)["max_length"] = 16;
    }
  } else {
    return t.Error(row, "type", absl::StrCat("\"", t.Get(row, "type"), "\" is not supported"));
  }
  if (!t.Get(row, "constraint").empty()) {
    warnings->Add(absl::StrCat(t.Name(), " sheet, row ", row,
                               ": a constraint is kept only on numbers; it is ignored"));
  }
  return absl::OkStatus();
}

// The question of one row: its id (IdOf its name), label, required,
// type and condition.
absl::StatusOr<json> ReadQuestion(const Table& t, int row, const std::vector<std::string>& words,
                                  const std::vector<std::string>& labels,
                                  const std::map<std::string, json>& lists,
                                  const std::string& group_relevant, Warnings* warnings) {
  const std::string name = t.Get(row, "name");
  const std::string id = IdOf(name);
  if (id.empty()) {
    return t.Error(row, "name",
                   name.empty() ? std::string("the question has no name")
                                : absl::StrCat("the question name \"", name,
                                               "\" has no latin letters or digits"));
  }
  std::string label = Label(t, labels, row);
  if (label.empty()) {
    warnings->Add(absl::StrCat(t.Name(), " sheet, row ", row, ": the question \"", name,
                               "\" has no text label; its name is shown"));
    label = name;
  }
  json q = {{"id", id}, {"text", label}, {"required", ReadRequired(t, row, warnings)}};
  if (absl::Status s = ReadType(t, row, words, lists, &q, warnings); !s.ok()) return s;
  ReadRelevant(t, row, group_relevant, &q, warnings);
  return q;
}

// Types with nothing to ask: ODK fills them from the device (metadata),
// or hromada forms cannot hold them and they are left out with a warning.
bool Skipped(const Table& t, int row, const std::string& kind, Warnings* warnings) {
  if (kMetadataTypes.count(kind) != 0 || absl::StartsWith(kind, "uri:")) return true;
  static const std::set<std::string> kLeftOut = {
      "note",           "calculate",    "geopoint", "geotrace",     "geoshape",
      "image",          "audio",        "video",    "file",         "barcode",
      "acknowledge",    "trigger",      "hidden",   "xml-external", "background-audio",
      "start-geopoint", "csv-external", "osm"};
  if (kLeftOut.count(kind) == 0) return false;
  warnings->Add(absl::StrCat(t.Name(), " sheet, row ", row, ": the ", kind, " \"",
                             t.Get(row, "name"),
                             "\" is left out (hromada forms hold questions of text, numbers "
                             "and choices)"));
  return true;
}

absl::StatusOr<json> ReadQuestions(const XlsxSheet& sheet, const std::map<std::string, json>& lists,
                                   Warnings* warnings) {
  const Table t(sheet);
  if (!t.Has("type") || !t.Has("name")) {
    return absl::InvalidArgumentError(absl::StrCat(
        sheet.name,
        " sheet, row 1: the first row must name the columns, among them type and name"));
  }
  const std::vector<std::string> labels = LabelColumns(t);
  json questions = json::array();
  std::vector<std::string> groups;  // the conditions of the groups the row is in
  for (int row : t.Rows()) {
    const std::vector<std::string> words = TypeWords(t.Get(row, "type"));
    if (words.empty()) {
      if (!t.Get(row, "name").empty()) return t.Error(row, "type", "the question has no type");
      continue;
    }
    const std::string& kind = words[0];
    if (kind == "begin_repeat" || kind == "begin_loop" || absl::EndsWith(kind, "_from_file")) {
      return t.Error(row, "type",
                     absl::StrCat("\"", t.Get(row, "type"), "\" cannot be held by a hromada form: ",
                                  absl::EndsWith(kind, "_from_file")
                                      ? "put its choices on the choices sheet"
                                      : "make a form for one item and fill it once per item"));
    }
    if (kind == "begin_group") {
      groups.push_back(t.Get(row, "relevant"));
      continue;
    }
    if (kind == "end_group") {
      if (!groups.empty()) groups.pop_back();
      continue;
    }
    if (Skipped(t, row, kind, warnings)) continue;
    WarnUnusedColumns(t, row,
                      {"type", "name", "label", "required", "constraint", "relevant", "parameters",
                       "constraint_message", "required_message"},
                      warnings);
    std::string group_relevant;
    for (const std::string& g : groups) {
      if (!g.empty()) group_relevant = g;
    }
    absl::StatusOr<json> q = ReadQuestion(t, row, words, labels, lists, group_relevant, warnings);
    if (!q.ok()) return q.status();
    questions.push_back(*std::move(q));
  }
  if (questions.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        sheet.name,
        " sheet: no question a hromada form can hold (text, numbers, dates or choices)"));
  }
  return questions;
}

// form, version and title from the settings sheet's first data row, if
// there is one; the form_id defaults to the file's name, as pyxform's.
absl::Status ReadSettings(const XlsxSheet* sheet, absl::string_view file_stem, json* form,
                          XlsFormVersion* version) {
  std::string id, given, title;
  int row = 2;
  std::optional<Table> t;
  if (sheet != nullptr) {
    t.emplace(*sheet);
    const std::vector<int> rows = t->Rows();
    row = rows.empty() ? 2 : rows[0];
    id = t->Get(row, "form_id");
    given = t->Get(row, "version");
    title = OneLine(t->Get(row, "form_title"));
  }
  const std::string key = IdOf(id.empty() ? file_stem : id, /*form_key=*/true);
  if (!IsFormKey(key)) {
    const std::string what =
        absl::StrCat("form_id \"", id.empty() ? std::string(file_stem) : id,
                     "\" must have latin letters or digits; give a form_id on the settings sheet");
    return t ? t->Error(row, "form_id", what) : absl::InvalidArgumentError(what);
  }
  int64_t v = 0;
  version->text = given;
  version->given = absl::SimpleAtoi(given, &v) && v >= 1 && v <= 1000000;
  (*form)["form"] = key;
  (*form)["version"] = version->given ? v : 1;
  (*form)["title"] = title.empty() ? (id.empty() ? std::string(file_stem) : id) : title;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<json> XlsFormToJson(const std::vector<XlsxSheet>& sheets,
                                   absl::string_view file_stem, XlsFormVersion* version,
                                   std::vector<std::string>* warnings) {
  Warnings said(warnings);
  XlsFormVersion ignored;
  const XlsxSheet* survey = FindSheet(sheets, "survey");
  // A workbook of one sheet is its survey, whatever its name (as pyxform).
  if (survey == nullptr && sheets.size() == 1) survey = &sheets[0];
  if (survey == nullptr) {
    return absl::InvalidArgumentError(
        "the workbook has no sheet named survey (the sheet of questions, one a row)");
  }
  json form = json::object();
  if (absl::Status s = ReadSettings(FindSheet(sheets, "settings"), file_stem, &form,
                                    version != nullptr ? version : &ignored);
      !s.ok()) {
    return s;
  }
  std::map<std::string, json> lists;
  for (const char* name : {"choices", "external_choices"}) {
    if (absl::Status s = ReadChoices(FindSheet(sheets, name), &lists, &said); !s.ok()) return s;
  }
  absl::StatusOr<json> questions = ReadQuestions(*survey, lists, &said);
  if (!questions.ok()) return questions.status();
  form["questions"] = *std::move(questions);
  return form;
}

absl::StatusOr<XlsForm> ReadXlsForm(const std::string& path) {
  absl::StatusOr<std::vector<XlsxSheet>> sheets = ReadXlsx(path);
  if (!sheets.ok()) return sheets.status();
  std::string stem = path.substr(path.find_last_of('/') + 1);
  stem = stem.substr(0, stem.rfind('.'));
  XlsForm out;
  absl::StatusOr<json> form = XlsFormToJson(*sheets, stem, &out.version, &out.warnings);
  if (!form.ok()) return form.status();
  absl::StatusOr<SurveyForm> parsed = ParseSurveyFormJson(form->dump());
  if (!parsed.ok()) return parsed.status();
  out.form = *std::move(parsed);
  return out;
}

}  // namespace hromada
