// put | get | list | delete | kinds | attendance-id: any record handled
// directly, by kind and id, with fields as field=value.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/output.h"
#include "client/cli/parse.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"
#include "shared/sync/schema.h"

namespace hromada::cli {
namespace {

struct RecordArgs {
  std::string kind, id, community;
  std::vector<std::string> assignments;
  bool json = false;
  std::string meeting, person;
};

absl::Status Put(Session& s, const RecordArgs& a) {
  absl::StatusOr<Fields> fields = ParseAssignments(a.kind, a.assignments);
  if (!fields.ok()) return fields.status();
  std::string community;  // empty: a shared record, or the record's own
  if (!a.community.empty()) {
    absl::StatusOr<std::string> named = ResolveCommunity(s.client, a.community);
    if (!named.ok()) return named.status();
    community = *named;
  }
  absl::StatusOr<std::string> id = s.client.Put(a.kind, a.id, community, *fields);
  if (!id.ok()) return id.status();
  s.out << *id << "\n";
  return absl::OkStatus();
}

// The record of `a.kind` that `a.id` names, as every command names one
// (resolve.h): "#2", a date, a name, an id part.
absl::StatusOr<RecordView> Named(Session& s, const RecordArgs& a) {
  if (FindKind(a.kind) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown record kind '", a.kind, "' (see `hromada kinds`)"));
  }
  return Resolve(s.client, a.kind, a.id);
}

absl::Status Get(Session& s, const RecordArgs& a) {
  absl::StatusOr<RecordView> record = Named(s, a);
  if (!record.ok()) return record.status();
  if (a.json) {
    PrintJson(s.out, RecordJson(*record));
    return absl::OkStatus();
  }
  for (const std::string& line : RecordLines(*record)) s.out << line << "\n";
  return absl::OkStatus();
}

absl::Status List(Session& s, const RecordArgs& a) {
  if (FindKind(a.kind) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown record kind '", a.kind, "' (see `hromada kinds`)"));
  }
  bool first = true;
  if (a.json) s.out << "[";
  absl::Status st = s.client.ForEach(a.kind, [&](const RecordView& r) {
    if (a.json) {
      s.out << (first ? "\n" : ",\n") << RecordJson(r).dump();
    } else {
      s.out << RecordSummary(r) << "\n";
    }
    first = false;
    return true;
  });
  if (a.json) s.out << (first ? "]\n" : "\n]\n");
  return st;
}

absl::Status Delete(Session& s, const RecordArgs& a) {
  absl::StatusOr<RecordView> record = Named(s, a);
  if (!record.ok()) return record.status();
  if (absl::Status st = s.client.Delete(a.kind, record->id); !st.ok()) return st;
  const std::string label = Label(*record);
  s.out << "Deleted " << (absl::StartsWith(label, a.kind) ? "" : a.kind + " ") << label << " ("
        << record->id << ").\n";
  if (a.kind != "meeting") return absl::OkStatus();
  absl::StatusOr<std::string> gap = MeetingGapNote(s.client, *record);
  if (!gap.ok()) return gap.status();
  if (!gap->empty()) s.out << *gap << "\n";
  return absl::OkStatus();
}

absl::Status Kinds(std::ostream& out) {
  for (const KindSpec& kind : AllKinds()) {
    out << kind.name << (kind.shared ? " (shared)" : "") << "\n";
    for (const FieldSpec& f : kind.fields) {
      out << "  " << f.name << ": " << FieldTypeName(f.type) << (f.required ? ", required" : "")
          << "\n";
    }
  }
  return absl::OkStatus();
}

absl::Status PrintAttendanceId(std::ostream& out, const RecordArgs& a) {
  absl::StatusOr<std::string> id = AttendanceId(a.meeting, a.person);
  if (!id.ok()) return id.status();
  out << *id << "\n";
  return absl::OkStatus();
}

constexpr char kNamedHelp[] =
    "the record: its id or 4+ hex digits from its start or end; a meeting's date or #N, a "
    "person's name, an initiative's title";

}  // namespace

void AddRecordCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<RecordArgs>();
  CLI::App* put = app.add_subcommand("put", "create or change a record: put KIND field=value...");
  put->add_option("kind", a->kind, "record kind (see `hromada kinds`)")->required();
  put->add_option("--id", a->id, "the record's id (default: a new record)");
  put->add_option("--community", a->community, "the community of a new record: name or id");
  put->add_option("fields", a->assignments, "field=value; field= clears it");
  CLI::App* get = app.add_subcommand("get", "show a record: get KIND ID");
  get->add_option("kind", a->kind)->required();
  get->add_option("id", a->id, kNamedHelp)->required();
  get->add_flag("--json", a->json, "print JSON");
  CLI::App* list = app.add_subcommand("list", "list records of a kind");
  list->add_option("kind", a->kind)->required();
  list->add_flag("--json", a->json, "print JSON");
  CLI::App* del = app.add_subcommand("delete", "delete a record: delete KIND ID");
  del->add_option("kind", a->kind)->required();
  del->add_option("id", a->id, kNamedHelp)->required();
  CLI::App* kinds = app.add_subcommand("kinds", "record kinds and their fields");
  CLI::App* att = app.add_subcommand("attendance-id", "the id of a person's attendance");
  att->add_option("meeting", a->meeting)->required();
  att->add_option("person", a->person)->required();
  table.Add(put, [a](Session& s) { return Put(s, *a); });
  table.Add(get, [a](Session& s) { return Get(s, *a); });
  table.Add(list, [a](Session& s) { return List(s, *a); });
  table.Add(del, [a](Session& s) { return Delete(s, *a); });
  table.AddWithoutProfile(kinds, Kinds);
  table.AddWithoutProfile(att, [a](std::ostream& out) { return PrintAttendanceId(out, *a); });
}

}  // namespace hromada::cli
