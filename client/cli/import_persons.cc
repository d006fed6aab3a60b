// `hromada import persons FILE.xlsx|FILE.csv`: a participant list as
// coordinators keep it, one person a row under a header row. Columns are
// found by their header in Ukrainian or English (kColumns), or named with
// --map COLUMN=field. Each row is a person written through the one apply
// rule (Client::Put), unless it is already here (the same name in the same
// community, with no phone or birth year that differs: so importing the
// same file again creates nothing), is the same as an earlier row, looks
// like an existing person by the duplicate scorer (not created unless
// --also-similar), or is refused (its row number and why). --dry-run says
// all of it and writes nothing.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "client/cli/command.h"
#include "client/cli/import_columns.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/table_file.h"
#include "client/src/duplicates/duplicates.h"
#include "client/src/store/values.h"
#include "shared/base/text.h"
#include "shared/sync/validate.h"

namespace hromada::cli {
namespace {

struct ImportArgs {
  std::string what;  // persons
  std::string file;
  std::string community;
  std::string sheet;
  std::vector<std::string> maps;
  bool dry_run = false;
  bool also_similar = false;
};

// Column index -> field, from the header row and --map.
absl::StatusOr<std::map<int, std::string>> MapColumns(const TableFile& t, int header,
                                                      const ImportArgs& a,
                                                      std::vector<std::string>* unused) {
  std::map<std::string, std::string> by_map;
  for (const std::string& m : a.maps) {
    std::pair<std::string, std::string> kv = absl::StrSplit(m, absl::MaxSplits('=', 1));
    if (kv.second.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--map wants COLUMN=field, as --map \"Мобільний\"=phone; got \"", m, "\""));
    }
    by_map[FoldHeader(kv.first)] = kv.second;
  }
  std::map<int, std::string> out;
  for (const auto& [column, text] : t.rows.at(header)) {
    const std::string folded = FoldHeader(text);
    auto mapped = by_map.find(folded);
    const std::string found = ColumnOf(text);
    if (mapped != by_map.end()) {
      out[column] = mapped->second;
    } else if (!found.empty()) {
      out[column] = found;
    } else {
      unused->push_back(text);
    }
  }
  std::set<std::string> fields;
  for (const auto& [column, field] : out) fields.insert(field);
  if (!fields.count("full_name") && !fields.count("surname")) {
    return absl::InvalidArgumentError(
        "no column of names: name one ПІБ, Прізвище or full name, or give --map COLUMN=full_name");
  }
  return out;
}

// One row read into a person: fields and the community typed, or why not.
struct Row {
  int number = 0;
  Fields fields;
  std::string community_typed;
  absl::Status status;
};

// "12.03.1985", "1985-03-12", "1985" -> "1985".
std::string YearOf(const std::string& text) {
  for (absl::string_view part : absl::StrSplit(text, absl::ByAnyChar(".-/ "))) {
    int year = 0;
    if (part.size() == 4 && absl::SimpleAtoi(part, &year)) return std::string(part);
  }
  return text;
}

Row ReadRow(int number, const std::map<int, std::string>& cells,
            const std::map<int, std::string>& columns) {
  Row row{number, {}, "", absl::OkStatus()};
  std::map<std::string, std::string> parts;
  for (const auto& [column, field] : columns) {
    auto cell = cells.find(column);
    if (cell == cells.end()) continue;
    std::string text(absl::StripAsciiWhitespace(cell->second));
    if (text.empty()) continue;
    if (field == "surname" || field == "given" || field == "patronymic" || field == "full_name") {
      parts[field] = text;
    } else if (field == "community") {
      row.community_typed = text;
    } else if (field == "date") {
      continue;  // a sign-in sheet's: import attendance reads it
    } else {
      if (field == "birth_year") text = YearOf(text);
      if (absl::Status s = SetIfGiven("person", field, text, row.fields); !s.ok()) {
        row.status = s;
        return row;
      }
    }
  }
  absl::StatusOr<std::string> typed = NormalizeText(FullNameOf(parts));
  if (!typed.ok()) {
    row.status = typed.status();
    return row;
  }
  row.fields["full_name"] = SingleSpaced(*typed);
  return row;
}

PersonSummary SummaryOf(const std::string& id, const Fields& f, const std::string& community) {
  PersonSummary p;
  p.id = id;
  p.community_id = community;
  auto text = [&](const char* name) {
    auto it = f.find(name);
    return it != f.end() && std::holds_alternative<std::string>(it->second)
               ? std::get<std::string>(it->second)
               : std::string();
  };
  p.full_name = text("full_name");
  p.phone = text("phone");
  p.gender = text("gender");
  auto year = f.find("birth_year");
  if (year != f.end() && std::holds_alternative<int64_t>(year->second)) {
    p.birth_year = std::get<int64_t>(year->second);
  }
  return p;
}

PersonSummary SummaryOf(const RecordView& r) {
  PersonSummary p;
  p.id = r.id;
  p.community_id = r.community_id;
  p.full_name = TextOf(r, "full_name");
  p.phone = TextOf(r, "phone");
  p.gender = TextOf(r, "gender");
  p.birth_year = IntOf(r, "birth_year");
  return p;
}

// Persons by their name's SearchKey, so that "already here" looks only at
// namesakes.
class Namesakes {
 public:
  void Add(const PersonSummary& p, int row = 0) {
    by_key_.emplace(SearchKey(p.full_name), std::pair(p, row));
  }
  // The same person as one held: the same name (by SearchKey) in the same
  // community, and no phone or birth year known on both that differs.
  const std::pair<PersonSummary, int>* Find(const PersonSummary& p) const {
    auto [from, to] = by_key_.equal_range(SearchKey(p.full_name));
    for (auto it = from; it != to; ++it) {
      const PersonSummary& k = it->second.first;
      if (k.community_id == p.community_id &&
          (k.phone.empty() || p.phone.empty() || Digits(k.phone) == Digits(p.phone)) &&
          (k.birth_year == 0 || p.birth_year == 0 || k.birth_year == p.birth_year)) {
        return &it->second;
      }
    }
    return nullptr;
  }

 private:
  static std::string Digits(const std::string& s) {
    std::string d;
    for (char c : s) {
      if (absl::ascii_isdigit(c)) d += c;
    }
    return d.size() > 9 ? d.substr(d.size() - 9) : d;
  }
  std::multimap<std::string, std::pair<PersonSummary, int>> by_key_;
};

// Row number -> the best likeness (score >= 0.6) between that row and a
// person in `known` (its index), found by the duplicate scorer run once
// over both: it blocks candidates by name keys and phone, so a list of
// hundreds against ten thousand persons is not every row against every one.
std::map<int, std::pair<DuplicateSuggestion, size_t>> LikeKnown(
    const std::map<int, PersonSummary>& rows, const std::vector<PersonSummary>& known) {
  std::vector<PersonSummary> all = known;
  std::map<std::string, size_t> known_index;
  for (size_t i = 0; i < known.size(); ++i) known_index[known[i].id] = i;
  std::map<std::string, int> row_of;
  for (const auto& [number, p] : rows) {
    PersonSummary row = p;
    row.id = absl::StrCat("row:", number);
    row_of[row.id] = number;
    all.push_back(std::move(row));
  }
  std::map<int, std::pair<DuplicateSuggestion, size_t>> best;
  for (const DuplicateSuggestion& d : SuggestDuplicates(all, 0.6)) {
    const bool a_is_row = row_of.count(d.a) != 0;
    auto row = row_of.find(a_is_row ? d.a : d.b);
    auto person = known_index.find(a_is_row ? d.b : d.a);
    if (row == row_of.end() || person == known_index.end()) continue;  // row~row, known~known
    auto [it, fresh] = best.emplace(row->second, std::pair(d, person->second));
    if (!fresh && d.score > it->second.first.score) it->second = {d, person->second};
  }
  // Said with the row's name parts first, as ScorePair says them.
  for (auto& [number, found] : best) {
    found.first = ScorePair(rows.at(number), known[found.second]);
  }
  return best;
}

// Checks `fields` as the apply rule would, without writing.
absl::Status Check(const std::string& community, const Fields& fields) {
  absl::StatusOr<v1::Record> change =
      client::ToChange("person", std::string(16, '\x01'), community, fields);
  if (!change.ok()) return change.status();
  change->set_hlc(1);  // any clock: the store stamps the real one
  if (absl::Status s = ValidateChange(*change); !s.ok()) return s;
  return ValidateRequired(*change);
}

struct Tally {
  int created = 0, here = 0, similar = 0, repeated = 0, refused = 0;
};

absl::Status ImportPersons(Session& s, const ImportArgs& a) {
  absl::StatusOr<TableFile> table = ReadTableFile(a.file, a.sheet);
  if (!table.ok()) return table.status();
  if (table->rows.empty()) return absl::InvalidArgumentError("the file has no rows");
  const int header = table->rows.begin()->first;
  std::vector<std::string> unused;
  absl::StatusOr<std::map<int, std::string>> columns = MapColumns(*table, header, a, &unused);
  if (!columns.ok()) return columns.status();
  for (const std::string& u : unused) {
    s.out << "Note: the column \"" << u << "\" is not imported (--map \"" << u
          << "\"=FIELD to import it).\n";
  }
  absl::StatusOr<std::vector<RecordView>> existing = s.client.List("person");
  if (!existing.ok()) return existing.status();
  std::vector<PersonSummary> known;
  Namesakes here;
  for (const RecordView& r : *existing) {
    known.push_back(SummaryOf(r));
    here.Add(known.back());
  }
  std::map<int, Row> rows;
  std::map<int, PersonSummary> named;  // the rows with a name, for the scorer
  for (const auto& [number, cells] : table->rows) {
    if (number == header || cells.empty()) continue;
    Row row = ReadRow(number, cells, *columns);
    if (row.status.ok()) named[number] = SummaryOf("", row.fields, "");
    rows.emplace(number, std::move(row));
  }
  const std::map<int, std::pair<DuplicateSuggestion, size_t>> like = LikeKnown(named, known);
  std::map<std::string, std::string> communities;  // typed -> id
  Tally tally;
  Namesakes earlier;  // rows of this file kept
  for (auto& [number, row] : rows) {
    const std::string name =
        row.fields.count("full_name") ? std::get<std::string>(row.fields.at("full_name")) : "";
    if (row.status.ok() && name.empty()) row.status = absl::InvalidArgumentError("no name");
    std::string community;
    if (row.status.ok()) {
      const std::string typed = row.community_typed.empty() ? a.community : row.community_typed;
      auto cached = communities.find(typed);
      if (cached == communities.end()) {
        absl::StatusOr<std::string> id = ResolveCommunity(s.client, typed);
        if (!id.ok()) {
          row.status = id.status();
        } else {
          cached = communities.emplace(typed, *id).first;
        }
      }
      if (cached != communities.end()) community = cached->second;
    }
    if (row.status.ok()) row.status = Check(community, row.fields);
    if (!row.status.ok()) {
      ++tally.refused;
      s.out << "Row " << number << ": refused: " << row.status.message() << "\n";
      continue;
    }
    const PersonSummary p = SummaryOf("", row.fields, community);
    if (const auto* same = here.Find(p)) {
      ++tally.here;
      s.out << "Row " << number << ": already here: " << name << " (" << same->first.id << ")\n";
      continue;
    }
    if (const auto* repeat = earlier.Find(p)) {
      ++tally.repeated;
      s.out << "Row " << number << ": the same as row " << repeat->second << ": " << name << "\n";
      continue;
    }
    auto similar = like.find(number);
    if (similar != like.end() && !a.also_similar) {
      const PersonSummary& k = known[similar->second.second];
      ++tally.similar;
      s.out << "Row " << number << ": looks like " << k.full_name << " (" << k.id
            << "): " << similar->second.first.reason
            << "; not created (--also-similar creates it)\n";
      continue;
    }
    earlier.Add(p, number);
    ++tally.created;
    if (a.dry_run) {
      s.out << "Row " << number << ": new: " << name << "\n";
      continue;
    }
    absl::StatusOr<std::string> id = s.client.Put("person", "", community, row.fields);
    if (!id.ok()) {
      --tally.created;
      ++tally.refused;
      s.out << "Row " << number << ": refused: " << id.status().message() << "\n";
      continue;
    }
    s.out << "Row " << number << ": created: " << name << " (" << *id << ")\n";
  }
  s.out << (a.dry_run ? "Dry run: " : "Imported: ") << tally.created
        << (a.dry_run ? " would be created, " : " created, ") << tally.here << " already here, "
        << tally.repeated << " repeated in the file, " << tally.similar
        << " like an existing person, " << tally.refused << " refused."
        << (a.dry_run ? " Nothing was written." : "") << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddImportCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* import = app.add_subcommand("import", "bring in lists kept in spreadsheets");
  import->require_subcommand(1);
  CLI::App* persons = import->add_subcommand(
      "persons", "participants from a .xlsx or .csv list, one a row under a header row");
  persons->add_option("file", a->file, "the list: .xlsx or .csv")->required();
  persons->add_option("--community", a->community,
                      "the community of rows that name none (default: the device's only one)");
  persons->add_option("--sheet", a->sheet, "the workbook's sheet (default: the first)");
  persons->add_option("--map", a->maps,
                      "COLUMN=field for a column whose header is not known, e.g. "
                      "--map \"Мобільний\"=phone (fields: full_name, phone, birth_year, gender, "
                      "idp, veteran, disability, youth, organisation, notes)");
  persons->add_flag("--dry-run", a->dry_run, "say what would be done; write nothing");
  persons->add_flag("--also-similar", a->also_similar,
                    "create rows that look like an existing person too");
  table.Add(persons, [a](Session& s) { return ImportPersons(s, *a); });
  AddImportAttendanceCommand(*import, table);
}

}  // namespace hromada::cli
