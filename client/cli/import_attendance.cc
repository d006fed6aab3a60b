// `hromada import attendance FILE.xlsx|FILE.csv`: sign-in sheets in the
// shapes people keep them.
//   - A long table: one row a person, with a date column (and a community
//     column, or --community) and the name columns.
//   - One sheet a meeting: the date in the sheet's name or in a cell of its
//     first rows ("Дата: 01.05.2024"), the names under a header row.
// Each (community, date) is a meeting: the one the device has on that day,
// or a new one numbered next in the series; several on one day is refused,
// naming them. Names resolve as `attendance mark` resolves them (Resolve);
// a name that is nobody here becomes a new person only with --add-missing,
// and an ambiguous one is refused with its row. Marks are written with the
// roster's rule (MarkEdits), so importing a sheet again marks nobody twice.
// --dry-run says all of it and writes nothing.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "client/cli/command.h"
#include "client/cli/import_columns.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/roster.h"
#include "client/cli/table_file.h"
#include "shared/base/text.h"
#include "shared/cli/dates.h"

namespace hromada::cli {
namespace {

struct AttendanceImportArgs {
  std::string file;
  std::string community;
  bool add_missing = false;
  bool dry_run = false;
};

// One name on a sheet, at a meeting.
struct Mark {
  int row = 0;
  std::string sheet;
  std::string date;       // YYYY-MM-DD
  std::string community;  // as typed; "" for --community
  std::string name;
};

// A date in a cell: "01.05.2024", "2024-05-01", "Дата: 1.5.2024", or the
// day number a spreadsheet stores for a date cell (days since 1899-12-30).
std::optional<std::string> DateIn(absl::string_view cell) {
  if (std::optional<std::string> d = ReadDate(absl::StripAsciiWhitespace(cell))) return d;
  for (absl::string_view word : absl::StrSplit(cell, absl::ByAnyChar(" :,;"), absl::SkipEmpty())) {
    if (std::optional<std::string> d = ReadDate(word)) return d;
  }
  int64_t serial = 0;
  if (absl::SimpleAtoi(absl::StripAsciiWhitespace(cell), &serial) && serial > 20000 &&
      serial < 80000) {
    return absl::FormatCivilTime(absl::CivilDay(1899, 12, 30) + serial);
  }
  return std::nullopt;
}

// "Громада: Білозерка" in a cell of the first rows.
std::string CommunityIn(absl::string_view cell) {
  std::pair<std::string, std::string> kv = absl::StrSplit(cell, absl::MaxSplits(':', 1));
  return ColumnOf(kv.first) == "community" ? std::string(absl::StripAsciiWhitespace(kv.second))
                                           : "";
}

// The first row (of the first ten) that names a column of names.
int HeaderRow(const TableFile& t) {
  int seen = 0;
  for (const auto& [number, cells] : t.rows) {
    if (++seen > 10) break;
    for (const auto& [column, text] : cells) {
      const std::string c = ColumnOf(text);
      if (c == "full_name" || c == "surname") return number;
    }
  }
  return 0;
}

// The marks of one sheet in either shape, or why it has none.
absl::StatusOr<std::vector<Mark>> ReadSheet(const TableFile& t) {
  const int header = HeaderRow(t);
  if (header == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(t.sheet.empty() ? "the file" : absl::StrCat("sheet \"", t.sheet, "\""),
                     ": no column of names (ПІБ, Прізвище or full name) in its first rows"));
  }
  std::map<int, std::string> columns;
  for (const auto& [column, text] : t.rows.at(header)) columns[column] = ColumnOf(text);
  Mark sheet_mark;  // the sheet's own date and community, from above the header
  sheet_mark.sheet = t.sheet;
  if (std::optional<std::string> d = DateIn(t.sheet)) sheet_mark.date = *d;
  for (const auto& [number, cells] : t.rows) {
    if (number >= header) break;
    for (const auto& [column, text] : cells) {
      if (std::optional<std::string> d = DateIn(text); d && sheet_mark.date.empty()) {
        sheet_mark.date = *d;
      }
      if (std::string c = CommunityIn(text); !c.empty()) sheet_mark.community = c;
    }
  }
  std::vector<Mark> marks;
  for (const auto& [number, cells] : t.rows) {
    if (number <= header) continue;
    Mark m = sheet_mark;
    m.row = number;
    std::map<std::string, std::string> parts;
    for (const auto& [column, text] : cells) {
      const std::string field = columns.count(column) ? columns[column] : "";
      const std::string value(absl::StripAsciiWhitespace(text));
      if (field == "date") {
        std::optional<std::string> d = DateIn(value);
        if (!d) {
          return absl::InvalidArgumentError(
              absl::StrCat("row ", number, ": \"", value, "\" is not a date (write 01.05.2024)"));
        }
        m.date = *d;
      } else if (field == "community") {
        m.community = value;
      } else if (!field.empty()) {
        parts[field] = value;
      }
    }
    m.name = SingleSpaced(FullNameOf(parts));
    if (m.name.empty()) continue;
    if (m.date.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(t.sheet.empty() ? "the file" : absl::StrCat("sheet \"", t.sheet, "\""),
                       ": no date of the meeting (a date column, the sheet's name, or "
                       "\"Дата: 01.05.2024\" above the names)"));
    }
    marks.push_back(std::move(m));
  }
  return marks;
}

// The meeting of `community` on `date`: the device's, or none (nullopt);
// several on one day are refused.
absl::StatusOr<std::optional<RecordView>> MeetingOn(Client& client, const std::string& community,
                                                    const std::string& date) {
  auto found = ListWhere(client, "meeting", [&](const RecordView& r) {
    return r.community_id == community && TextOf(r, "date") == date;
  });
  if (!found.ok()) return found.status();
  if (found->size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "there are ", found->size(), " meetings on ", date,
        " in that community; mark this sheet with hromada attendance mark MEETING NAMES"));
  }
  if (found->empty()) return std::optional<RecordView>();
  return std::optional<RecordView>(found->front());
}

struct Tally {
  int marked = 0, already = 0, added = 0, unknown = 0, refused = 0, meetings = 0;
};

// The marks of one (community, date): the meeting found or made, the
// persons resolved (or added), and the marks written.
absl::Status ImportMeeting(Session& s, const AttendanceImportArgs& a, const std::string& community,
                           const std::string& date, const std::vector<Mark>& marks, Tally* tally) {
  absl::StatusOr<std::optional<RecordView>> meeting = MeetingOn(s.client, community, date);
  if (!meeting.ok()) return meeting.status();
  std::vector<std::string> persons;
  std::set<std::string> seen;
  int would_add = 0;  // a dry run's new persons, who have no id to mark
  for (const Mark& m : marks) {
    absl::StatusOr<RecordView> person = Resolve(s.client, "person", m.name);
    std::string id;
    if (person.ok()) {
      id = person->id;
    } else if (person.status().code() == absl::StatusCode::kNotFound && a.add_missing) {
      ++tally->added;
      s.out << "Row " << m.row << ": " << m.name
            << " is new: " << (a.dry_run ? "would be added" : "added") << ".\n";
      would_add += a.dry_run;
      if (!a.dry_run) {
        absl::StatusOr<std::string> added =
            s.client.Put("person", "", community, {{"full_name", m.name}});
        if (!added.ok()) return added.status();
        id = *added;
      }
    } else {
      const bool unknown = person.status().code() == absl::StatusCode::kNotFound;
      ++(unknown ? tally->unknown : tally->refused);
      s.out << "Row " << m.row << ": " << person.status().message()
            << (unknown ? " (--add-missing adds them)" : "") << ".\n";
      continue;
    }
    if (!id.empty() && seen.insert(id).second) persons.push_back(id);
  }
  if (!meeting->has_value()) {
    ++tally->meetings;
    s.out << "The meeting of " << date << " is new: " << (a.dry_run ? "it would be added" : "added")
          << ".\n";
    if (a.dry_run) {
      tally->marked += static_cast<int>(persons.size()) + would_add;
      return absl::OkStatus();
    }
    auto series = ListWhere(s.client, "meeting",
                            [&](const RecordView& r) { return r.community_id == community; });
    if (!series.ok()) return series.status();
    absl::StatusOr<std::string> id =
        s.client.Put("meeting", "", community, {{"date", date}, {"number", NextNumber(*series)}});
    if (!id.ok()) return id.status();
    absl::StatusOr<std::optional<RecordView>> made = s.client.Get("meeting", *id);
    if (!made.ok()) return made.status();
    *meeting = **made;
  }
  if (a.dry_run) {
    // Without writing, who is marked already is what the roster says.
    absl::StatusOr<std::vector<Edit>> edits = MarkEdits(s.client, **meeting, persons, {});
    if (!edits.ok()) return edits.status();
    tally->marked += static_cast<int>(edits->size()) + would_add;
    tally->already += static_cast<int>(persons.size() - edits->size());
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<Edit>> edits = MarkEdits(s.client, **meeting, persons, {});
  if (!edits.ok()) return edits.status();
  if (!edits->empty()) {
    if (auto ids = s.client.PutAll(*edits); !ids.ok()) return ids.status();
  }
  tally->marked += static_cast<int>(edits->size());
  tally->already += static_cast<int>(persons.size() - edits->size());
  return absl::OkStatus();
}

absl::Status ImportAttendance(Session& s, const AttendanceImportArgs& a) {
  absl::StatusOr<std::vector<TableFile>> sheets = ReadTableFiles(a.file);
  if (!sheets.ok()) return sheets.status();
  // (community id, date) -> marks, in the file's order.
  std::map<std::pair<std::string, std::string>, std::vector<Mark>> meetings;
  std::map<std::string, std::string> communities;
  int read = 0;
  for (const TableFile& t : *sheets) {
    absl::StatusOr<std::vector<Mark>> marks = ReadSheet(t);
    if (!marks.ok()) {
      if (sheets->size() > 1 && HeaderRow(t) == 0) continue;  // a sheet of something else
      return marks.status();
    }
    for (Mark& m : *marks) {
      const std::string typed = m.community.empty() ? a.community : m.community;
      auto known = communities.find(typed);
      if (known == communities.end()) {
        absl::StatusOr<std::string> id = ResolveCommunity(s.client, typed);
        if (!id.ok()) return id.status();
        known = communities.emplace(typed, *id).first;
      }
      meetings[{known->second, m.date}].push_back(std::move(m));
      ++read;
    }
  }
  if (read == 0) return absl::InvalidArgumentError("the file holds no names under a header row");
  Tally tally;
  for (const auto& [key, marks] : meetings) {
    if (absl::Status st = ImportMeeting(s, a, key.first, key.second, marks, &tally); !st.ok()) {
      return st;
    }
  }
  s.out << (a.dry_run ? "Dry run: " : "Imported: ") << tally.marked
        << (a.dry_run ? " would be marked" : " marked") << " at " << meetings.size()
        << (meetings.size() == 1 ? " meeting" : " meetings") << " (" << tally.meetings << " new), "
        << tally.already << " already marked, " << tally.added << " new persons, " << tally.unknown
        << " not known here, " << tally.refused << " refused."
        << (a.dry_run ? " Nothing was written." : "") << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddImportAttendanceCommand(CLI::App& import, ProfileCommands& table) {
  auto a = std::make_shared<AttendanceImportArgs>();
  CLI::App* cmd = import.add_subcommand(
      "attendance", "sign-in sheets: one sheet a meeting, or a table of date, community, name");
  cmd->add_option("file", a->file, "the sheets: .xlsx or .csv")->required();
  cmd->add_option("--community", a->community,
                  "the community of sheets that name none (default: the device's only one)");
  cmd->add_flag("--add-missing", a->add_missing, "add a name that is nobody here as a new person");
  cmd->add_flag("--dry-run", a->dry_run, "say what would be done; write nothing");
  table.Add(cmd, [a](Session& s) { return ImportAttendance(s, *a); });
}

}  // namespace hromada::cli
