#include "client/cli/commands.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/cli/field.h"
#include "client/cli/output.h"
#include "client/cli/parse.h"
#include "client/src/json.h"
#include "shared/schema.h"

namespace hromada::cli {
namespace {

constexpr char kFooter[] = R"(Exit codes:
  0  done
  1  wrong arguments or a value that does not fit the record (nothing was written)
  2  the server cannot be reached now; nothing is lost, sync again later
  3  the server refused (enrolment code, revoked device, old app version, clock)
  4  the local profile cannot be used (file, disk full, damaged)

The profile is --profile, else $HROMADA_PROFILE, else ~/.local/share/hromada/default.db.)";

struct Args {
  std::string profile = DefaultProfilePath();
  std::string server, code, name = "hromada cli";
  std::string kind, id, community;
  std::vector<std::string> assignments;
  bool json = false;
  std::string meeting, person;
};

int Fail(CliContext& ctx, const absl::Status& status, bool talked_to_server) {
  *ctx.err << ErrorSentence(status.message()) << "\n";
  return ExitCodeFor(status, talked_to_server);
}

absl::StatusOr<std::unique_ptr<Client>> OpenProfile(const Args& args, const CliContext& ctx) {
  const std::filesystem::path path(args.profile);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create the folder ", path.parent_path().string(), ": ", ec.message()));
    }
  }
  return Client::Open(args.profile, ctx.options);
}

void PrintLines(std::ostream& out, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) out << line << "\n";
}

int DoEnrol(Client& client, const Args& args, CliContext& ctx) {
  absl::StatusOr<ClientStatus> before = client.GetStatus();
  if (!before.ok()) return Fail(ctx, before.status(), false);
  if (before->enrolled) {
    return Fail(ctx,
                absl::FailedPreconditionError(
                    absl::StrCat("this profile is already enrolled with ", before->server_url,
                                 "; use another --profile to enrol again")),
                false);
  }
  if (absl::Status s = client.Enrol(args.server, args.code, args.name); !s.ok()) {
    return Fail(ctx, s, s.code() != absl::StatusCode::kInvalidArgument);
  }
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return Fail(ctx, status.status(), false);
  const size_t n = status->communities.size();
  *ctx.out << "Enrolled as device " << status->device_id << " for " << n
           << (n == 1 ? " community" : " communities") << "; run `hromada sync` next.\n";
  return kExitOk;
}

int DoPut(Client& client, const Args& args, CliContext& ctx) {
  absl::StatusOr<Fields> fields = ParseAssignments(args.kind, args.assignments);
  if (!fields.ok()) return Fail(ctx, fields.status(), false);
  absl::StatusOr<std::string> id = client.Put(args.kind, args.id, args.community, *fields);
  if (!id.ok()) return Fail(ctx, id.status(), false);
  *ctx.out << *id << "\n";
  return kExitOk;
}

int DoGet(Client& client, const Args& args, CliContext& ctx) {
  absl::StatusOr<std::optional<RecordView>> record = client.Get(args.kind, args.id);
  if (!record.ok()) return Fail(ctx, record.status(), false);
  if (!record->has_value()) {
    return Fail(ctx, absl::NotFoundError(absl::StrCat("there is no ", args.kind, " ", args.id)),
                false);
  }
  if (args.json) {
    *ctx.out << client::ToJson(**record).dump(2) << "\n";
  } else {
    PrintLines(*ctx.out, RecordLines(**record));
  }
  return kExitOk;
}

int DoList(Client& client, const Args& args, CliContext& ctx) {
  if (FindKind(args.kind) == nullptr) {
    return Fail(ctx,
                absl::InvalidArgumentError(
                    absl::StrCat("unknown record kind '", args.kind, "' (see `hromada kinds`)")),
                false);
  }
  bool first = true;
  if (args.json) *ctx.out << "[";
  absl::Status s = client.ForEach(args.kind, [&](const RecordView& r) {
    if (args.json) {
      *ctx.out << (first ? "\n" : ",\n") << client::ToJson(r).dump();
    } else {
      *ctx.out << RecordSummary(r) << "\n";
    }
    first = false;
    return true;
  });
  if (args.json) *ctx.out << (first ? "]\n" : "\n]\n");
  return s.ok() ? kExitOk : Fail(ctx, s, false);
}

int DoDelete(Client& client, const Args& args, CliContext& ctx) {
  if (absl::Status s = client.Delete(args.kind, args.id); !s.ok()) return Fail(ctx, s, false);
  *ctx.out << "Deleted " << args.kind << " " << args.id << ".\n";
  return kExitOk;
}

int DoSync(Client& client, CliContext& ctx) {
  absl::StatusOr<ClientStatus> before = client.GetStatus();
  if (!before.ok()) return Fail(ctx, before.status(), false);
  if (!before->enrolled) {
    return Fail(
        ctx,
        absl::FailedPreconditionError("this device is not enrolled yet; run `hromada enrol` first"),
        false);
  }
  size_t drawn = 0;
  absl::Time last_draw = absl::InfinitePast();
  SyncPhase last_phase = SyncPhase::kDone;
  auto draw = [&](const SyncProgress& p) {
    const absl::Time now = absl::Now();
    if (p.phase == last_phase && now - last_draw < absl::Milliseconds(100)) return;
    last_draw = now;
    last_phase = p.phase;
    std::string line = ProgressLine(p);
    const size_t width = line.size();
    if (line.size() < drawn) line.append(drawn - line.size(), ' ');
    drawn = width;
    *ctx.err << "\r" << line << std::flush;
  };
  absl::StatusOr<SyncReport> report =
      client.Sync(ctx.live_progress ? ProgressCallback(draw) : ProgressCallback());
  if (drawn > 0) *ctx.err << "\r" << std::string(drawn, ' ') << "\r" << std::flush;
  if (!report.ok()) return Fail(ctx, report.status(), true);
  *ctx.out << SyncSummary(*report) << "\n";
  return kExitOk;
}

int DoStatus(Client& client, const Args& args, CliContext& ctx) {
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return Fail(ctx, status.status(), false);
  if (args.json) {
    *ctx.out << client::ToJson(*status).dump(2) << "\n";
  } else {
    PrintLines(*ctx.out, StatusLines(*status));
  }
  return kExitOk;
}

int DoRejected(Client& client, const Args& args, CliContext& ctx) {
  absl::StatusOr<std::vector<RejectedChange>> list = client.Rejected();
  if (!list.ok()) return Fail(ctx, list.status(), false);
  if (args.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const RejectedChange& c : *list) out.push_back(client::ToJson(c));
    *ctx.out << out.dump(2) << "\n";
    return kExitOk;
  }
  if (list->empty()) *ctx.out << "No changes were refused.\n";
  for (const RejectedChange& c : *list) PrintLines(*ctx.out, RejectedLines(c));
  return kExitOk;
}

void DoKinds(CliContext& ctx) {
  for (const KindSpec& kind : AllKinds()) {
    *ctx.out << kind.name << (kind.shared ? " (shared)" : "") << "\n";
    for (const FieldSpec& f : kind.fields) {
      *ctx.out << "  " << f.name << ": " << FieldTypeName(f.type)
               << (f.required ? ", required" : "") << "\n";
    }
  }
}

int RunField(const Runner& runner, Client& client, CliContext& ctx) {
  Session session{client, *ctx.out, *ctx.err, ctx.in ? *ctx.in : std::cin, ctx.options};
  absl::Status s = runner(session);
  return s.ok() ? kExitOk : Fail(ctx, s, false);
}

void AddFieldCommands(CLI::App& app, CommandTable& table) {
  AddPersonCommands(app, table);
  AddMeetingCommands(app, table);
  AddAttendanceCommands(app, table);
  AddSurveyCommands(app, table);
  AddInitiativeCommands(app, table);
  AddCoordinatorCommands(app, table);
}

}  // namespace

int RunCli(int argc, const char* const* argv, CliContext& ctx) {
  Args args;
  CLI::App app{
      "hromada: the offline-first field client. Edits are saved on this device at "
      "once and sent to the server by `hromada sync`."};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.add_option("--profile", args.profile, "the profile file (one per device)");
  CLI::App* enrol = app.add_subcommand("enrol", "enrol this device with a one-time code");
  enrol->add_option("--server", args.server, "server URL, http(s)://host:port")->required();
  enrol->add_option("--code", args.code, "the one-time enrolment code")->required();
  enrol->add_option("--name", args.name, "a name for this device");
  CLI::App* put = app.add_subcommand("put", "create or change a record: put KIND field=value...");
  put->add_option("kind", args.kind, "record kind (see `hromada kinds`)")->required();
  put->add_option("--id", args.id, "the record's id (default: a new record)");
  put->add_option("--community", args.community, "the community id of a new record");
  put->add_option("fields", args.assignments, "field=value; field= clears it");
  CLI::App* get = app.add_subcommand("get", "show a record: get KIND ID");
  get->add_option("kind", args.kind)->required();
  get->add_option("id", args.id)->required();
  get->add_flag("--json", args.json, "print JSON");
  CLI::App* list = app.add_subcommand("list", "list records of a kind");
  list->add_option("kind", args.kind)->required();
  list->add_flag("--json", args.json, "print JSON");
  CLI::App* del = app.add_subcommand("delete", "delete a record: delete KIND ID");
  del->add_option("kind", args.kind)->required();
  del->add_option("id", args.id)->required();
  CLI::App* sync = app.add_subcommand("sync", "send local changes and receive others'");
  CLI::App* status = app.add_subcommand("status", "enrolment, pending changes, last sync");
  status->add_flag("--json", args.json, "print JSON");
  CLI::App* rejected = app.add_subcommand("rejected", "changes the server refused, and why");
  rejected->add_flag("--json", args.json, "print JSON");
  CLI::App* kinds = app.add_subcommand("kinds", "record kinds and their fields");
  CLI::App* att = app.add_subcommand("attendance-id", "the id of a person's attendance");
  att->add_option("meeting", args.meeting)->required();
  att->add_option("person", args.person)->required();
  CommandTable field;
  AddFieldCommands(app, field);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, *ctx.out, *ctx.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (kinds->parsed()) return DoKinds(ctx), kExitOk;
    if (att->parsed()) {
      absl::StatusOr<std::string> id = AttendanceId(args.meeting, args.person);
      if (!id.ok()) return Fail(ctx, id.status(), false);
      *ctx.out << *id << "\n";
      return kExitOk;
    }
    absl::StatusOr<std::unique_ptr<Client>> client = OpenProfile(args, ctx);
    if (!client.ok()) {
      *ctx.err << ErrorSentence(client.status().message()) << "\n";
      return kExitLocal;
    }
    Client& c = **client;
    if (const Runner* runner = field.Parsed()) return RunField(*runner, c, ctx);
    if (enrol->parsed()) return DoEnrol(c, args, ctx);
    if (put->parsed()) return DoPut(c, args, ctx);
    if (get->parsed()) return DoGet(c, args, ctx);
    if (list->parsed()) return DoList(c, args, ctx);
    if (del->parsed()) return DoDelete(c, args, ctx);
    if (sync->parsed()) return DoSync(c, ctx);
    if (status->parsed()) return DoStatus(c, args, ctx);
    if (rejected->parsed()) return DoRejected(c, args, ctx);
  } catch (const std::exception& e) {
    *ctx.err << ErrorSentence(absl::StrCat("unexpected failure: ", e.what())) << "\n";
    return kExitLocal;
  }
  return kExitUsage;
}

}  // namespace hromada::cli
