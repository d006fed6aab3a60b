// attendance mark | unmark: who was at a meeting. An attendance's id is
// AttendanceId(meeting, person), so marking twice, or on two devices,
// makes one record.
#include <algorithm>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/command.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "client/cli/roster.h"
#include "shared/cli/choices.h"

namespace hromada::cli {
namespace {

struct AttendanceArgs {
  std::string meeting;
  std::vector<std::string> persons, add, remove;
  bool same_as_last = false;
  std::string mode, role;
};

// Person ids in the order first given, each once.
class Roster {
 public:
  void Add(const std::string& id) {
    if (seen_.insert(id).second) ids_.push_back(id);
  }
  void Remove(const std::string& id) {
    if (seen_.erase(id) > 0) ids_.erase(std::find(ids_.begin(), ids_.end(), id));
  }
  const std::vector<std::string>& ids() const { return ids_; }

 private:
  std::vector<std::string> ids_;
  std::set<std::string> seen_;
};

// Adds (or removes) the persons `typed` names. Every name is tried, so
// that one refusal names each one that did not resolve; the first one's
// code is the refusal's.
absl::Status AddResolved(Client& client, const std::vector<std::string>& typed, Roster& roster,
                         bool remove = false) {
  absl::Status first;
  std::vector<std::string> problems;
  for (const std::string& who : typed) {
    absl::StatusOr<RecordView> person = Resolve(client, "person", who);
    if (!person.ok()) {
      if (first.ok()) first = person.status();
      problems.push_back(std::string(person.status().message()));
      continue;
    }
    remove ? roster.Remove(person->id) : roster.Add(person->id);
  }
  if (first.ok()) return first;
  return absl::Status(first.code(), absl::StrJoin(problems, "; and "));
}

absl::StatusOr<Roster> BuildRoster(Client& client, const RecordView& meeting,
                                   const AttendanceArgs& a) {
  Roster roster;
  if (a.same_as_last) {
    absl::StatusOr<RecordView> last = PreviousMeeting(client, meeting);
    if (!last.ok()) return last.status();
    absl::StatusOr<std::vector<RecordView>> marks = AttendanceWhere(client, "meeting", last->id);
    if (!marks.ok()) return marks.status();
    for (const RecordView& mark : *marks) roster.Add(TextOf(mark, "person"));
  }
  for (const auto* typed : {&a.persons, &a.add}) {
    if (absl::Status s = AddResolved(client, *typed, roster); !s.ok()) return s;
  }
  if (absl::Status s = AddResolved(client, a.remove, roster, true); !s.ok()) return s;
  if (roster.ids().empty()) {
    return absl::InvalidArgumentError("name the persons to mark, or use --same-as-last");
  }
  return roster;
}

absl::StatusOr<Fields> MarkFields(const AttendanceArgs& a) {
  Fields fields;
  if (absl::Status s = SetIfGiven("attendance", "mode", a.mode, fields); !s.ok()) return s;
  if (absl::Status s = SetIfGiven("attendance", "role", a.role, fields); !s.ok()) return s;
  return fields;
}

absl::Status Mark(Session& s, const AttendanceArgs& a) {
  absl::StatusOr<RecordView> meeting = Resolve(s.client, "meeting", a.meeting);
  if (!meeting.ok()) return meeting.status();
  absl::StatusOr<Fields> extra = MarkFields(a);
  if (!extra.ok()) return extra.status();
  absl::StatusOr<Roster> roster = BuildRoster(s.client, *meeting, a);
  if (!roster.ok()) {
    // All or nothing: a list with one wrong name is typed again whole.
    return absl::Status(roster.status().code(),
                        absl::StrCat("nothing was marked: ", roster.status().message()));
  }
  absl::StatusOr<std::vector<Edit>> edits = MarkEdits(s.client, *meeting, roster->ids(), *extra);
  if (!edits.ok()) return edits.status();
  if (!edits->empty()) {
    if (auto ids = s.client.PutAll(*edits); !ids.ok()) return ids.status();
  }
  const size_t before = roster->ids().size() - edits->size();
  s.out << "Marked " << edits->size() << (edits->size() == 1 ? " person" : " persons") << " at the "
        << Label(*meeting)
        << (before > 0 && extra->empty() ? absl::StrCat("; ", before, " already marked") : "")
        << ".\n";
  return absl::OkStatus();
}

absl::Status Unmark(Session& s, const AttendanceArgs& a) {
  absl::StatusOr<RecordView> meeting = Resolve(s.client, "meeting", a.meeting);
  if (!meeting.ok()) return meeting.status();
  if (a.persons.size() != 1) return absl::InvalidArgumentError("name one person to unmark");
  absl::StatusOr<RecordView> person = Resolve(s.client, "person", a.persons[0]);
  if (!person.ok()) return person.status();
  absl::StatusOr<std::string> id = AttendanceId(meeting->id, person->id);
  if (!id.ok()) return id.status();
  absl::Status deleted = s.client.Delete("attendance", *id);
  if (absl::IsNotFound(deleted)) {
    return absl::NotFoundError(
        absl::StrCat(TextOf(*person, "full_name"), " is not marked at the ", Label(*meeting)));
  }
  if (!deleted.ok()) return deleted;
  s.out << "Unmarked " << TextOf(*person, "full_name") << " at the " << Label(*meeting) << ".\n";
  return absl::OkStatus();
}

}  // namespace

void AddAttendanceCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<AttendanceArgs>();
  CLI::App* att = app.add_subcommand("attendance", "who was at a meeting: mark, unmark");
  att->require_subcommand(1);
  CLI::App* mark = att->add_subcommand("mark", "mark persons present: mark M P...");
  mark->add_option("meeting", a->meeting, "id or id prefix")->required();
  mark->add_option("persons", a->persons, "ids, id prefixes or names");
  mark->add_flag("--same-as-last", a->same_as_last,
                 "everyone at this community's previous meeting");
  mark->add_option("--add", a->add, "with --same-as-last: also these persons");
  mark->add_option("--remove", a->remove, "with --same-as-last: not these persons");
  mark->add_option("--mode", a->mode, ChoicesHelp("attendance", "mode"));
  mark->add_option("--role", a->role, ChoicesHelp("attendance", "role"));
  CLI::App* unmark = att->add_subcommand("unmark", "remove a mark: unmark M P");
  unmark->add_option("meeting", a->meeting, "id or id prefix")->required();
  unmark->add_option("person", a->persons, "id, id prefix or name")->required()->expected(1);
  table.Add(mark, [a](Session& s) { return Mark(s, *a); });
  table.Add(unmark, [a](Session& s) { return Unmark(s, *a); });
}

}  // namespace hromada::cli
