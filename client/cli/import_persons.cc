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

// The same person as one already here: same name (by SearchKey) in the
// same community, and no phone or birth year known on both that differs.
bool SamePerson(const PersonSummary& a, const PersonSummary& b) {
  auto digits = [](const std::string& s) {
    std::string d;
    for (char c : s) {
      if (absl::ascii_isdigit(c)) d += c;
    }
    return d.size() > 9 ? d.substr(d.size() - 9) : d;
  };
  return a.community_id == b.community_id && SearchKey(a.full_name) == SearchKey(b.full_name) &&
         (a.phone.empty() || b.phone.empty() || digits(a.phone) == digits(b.phone)) &&
         (a.birth_year == 0 || b.birth_year == 0 || a.birth_year == b.birth_year);
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
  for (const RecordView& r : *existing) known.push_back(SummaryOf(r));
  std::map<std::string, std::string> communities;  // typed -> id
  Tally tally;
  std::vector<std::pair<int, PersonSummary>> earlier;  // rows of this file kept
  for (const auto& [number, cells] : table->rows) {
    if (number == header) continue;
    Row row = ReadRow(number, cells, *columns);
    const std::string name =
        row.fields.count("full_name") ? std::get<std::string>(row.fields.at("full_name")) : "";
    if (row.status.ok() && name.empty() && cells.size() > 0) {
      row.status = absl::InvalidArgumentError("no name");
    }
    if (cells.empty()) continue;
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
    const PersonSummary p = SummaryOf(absl::StrCat("row ", number), row.fields, community);
    auto here = std::find_if(known.begin(), known.end(),
                             [&](const PersonSummary& k) { return SamePerson(p, k); });
    if (here != known.end()) {
      ++tally.here;
      s.out << "Row " << number << ": already here: " << name << " (" << here->id << ")\n";
      continue;
    }
    auto repeat = std::find_if(earlier.begin(), earlier.end(),
                               [&](const auto& e) { return SamePerson(p, e.second); });
    if (repeat != earlier.end()) {
      ++tally.repeated;
      s.out << "Row " << number << ": the same as row " << repeat->first << ": " << name << "\n";
      continue;
    }
    std::optional<DuplicateSuggestion> best;
    const PersonSummary* like = nullptr;
    for (const PersonSummary& k : known) {
      DuplicateSuggestion d = ScorePair(p, k);
      if (d.score >= 0.6 && (!best || d.score > best->score)) best = d, like = &k;
    }
    if (best && !a.also_similar) {
      ++tally.similar;
      s.out << "Row " << number << ": looks like " << like->full_name << " (" << like->id
            << "): " << best->reason << "; not created (--also-similar creates it)\n";
      continue;
    }
    earlier.emplace_back(number, p);
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
