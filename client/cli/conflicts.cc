// Conflicts in view, for coordinators: writes that lost to a concurrent
// edit, kept by the server as `conflict` records (shared/sync/conflict.h,
// docs/protocol.md "Conflicts") and pulled by coordinators only.
//
//   hromada conflicts [--json]               the open ones, by community and record
//   hromada conflicts resolve ID --keep lost|current
//
// "lost" is the value that lost (whoever wrote it: often the coordinator's
// own), "current" the value the record has now; "theirs" and "mine", the
// words of earlier versions, still mean lost and current. Either is
// written again as a new edit (so it wins over both), and the conflict is
// marked resolved, which syncs to every coordinator's device. Nothing here
// holds up a sync.
#include <algorithm>
#include <memory>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/cli/conflict_sides.h"
#include "client/cli/coordination.h"
#include "client/cli/output.h"
#include "client/cli/records.h"
#include "client/cli/resolve.h"

namespace hromada::cli {
namespace {

struct ConflictArgs {
  bool json = false;
  std::string id;
  std::string keep;
};

// A side's value for people, as the CLI prints it.
std::string ValueText(const ConflictSide& side) {
  if (side.damaged) return "?";
  if (!side.value.has_value()) return "";
  return std::holds_alternative<Null>(*side.value) ? "(cleared)" : ValueToText(*side.value);
}

std::string Shown(const RecordView& c, const ConflictSide& side) {
  if (side.deleted) return "(record deleted)";
  if (TextOf(c, "field").empty()) return "(record kept)";
  return ValueText(side);
}

// Who wrote a side: this device, or another by its name where the
// conflict record has one, and the start of its id.
std::string DeviceLabel(const ConflictSide& side, const std::string& self) {
  if (side.device == self) return "written on this device";
  if (!side.device_name.empty()) {
    return absl::StrCat("written on \"", side.device_name, "\" (", side.device.substr(0, 8), ")");
  }
  return absl::StrCat("written on another device, ", side.device.substr(0, 8));
}

// What --keep names: "lost" or "current" ("" if neither), read with the
// old words too.
std::string KeepWord(const std::string& typed) {
  if (typed == "lost" || typed == "theirs") return "lost";
  if (typed == "current" || typed == "mine") return "current";
  return "";
}

// The record a conflict is about, by its name as elsewhere in the CLI.
std::string RecordLabel(Client& client, const RecordView& c) {
  const std::string kind = TextOf(c, "record_kind"), id = TextOf(c, "record");
  absl::StatusOr<std::optional<RecordView>> r = client.Get(kind, id);
  if (r.ok() && r->has_value())
    return absl::StrCat(Label(**r), " (", kind, " ", id.substr(0, 8), ")");
  return absl::StrCat(kind, " ", id.substr(0, 8), " (deleted)");
}

nlohmann::json SideJson(const RecordView& c, const ConflictSide& side) {
  return {{"value", Shown(c, side)},
          {"deleted", side.deleted},
          {"device", side.device},
          {"device_name", side.device_name},
          {"at_ms", side.at_ms}};
}

absl::Status List(Session& s, const ConflictArgs& a) {
  if (absl::Status st = RequireCoordinator(s.client, "conflicts"); !st.ok()) return st;
  absl::StatusOr<std::vector<RecordView>> open = OpenConflicts(s.client);
  if (!open.ok()) return open.status();
  absl::StatusOr<CommunityNames> names = LoadCommunityNames(s.client);
  if (!names.ok()) return names.status();
  absl::StatusOr<ClientStatus> status = s.client.GetStatus();
  if (!status.ok()) return status.status();
  struct Row {
    std::string community, record, field;
    int64_t lost_ms;
    const RecordView* c;
  };
  std::vector<Row> rows;
  for (const RecordView& c : *open) {
    rows.push_back({NameOf(*names, TextOf(c, "community")), RecordLabel(s.client, c),
                    TextOf(c, "field"), IntOf(c, "lost_ms"), &c});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    return std::tie(x.community, x.record, x.field, x.lost_ms) <
           std::tie(y.community, y.record, y.field, y.lost_ms);
  });
  nlohmann::json out = nlohmann::json::array();
  std::string community;
  for (const Row& row : rows) {
    const RecordView& c = *row.c;
    const ConflictSide kept = SideOf(c, "kept"), lost = SideOf(c, "lost");
    out.push_back({{"id", c.id},
                   {"community", row.community},
                   {"record_kind", TextOf(c, "record_kind")},
                   {"record", TextOf(c, "record")},
                   {"record_label", row.record},
                   {"field", row.field},
                   {"kept", SideJson(c, kept)},
                   {"lost", SideJson(c, lost)}});
    if (a.json) continue;
    if (row.community != community)
      s.out << (community.empty() ? "" : "\n") << row.community << "\n";
    community = row.community;
    s.out << "  " << row.record << ", " << (row.field.empty() ? "the record" : row.field)
          << "  [conflict " << c.id.substr(28) << "]\n";
    for (const auto& [word, side] : {std::pair{"now", &kept}, std::pair{"lost", &lost}}) {
      s.out << "    " << word << ": " << Shown(c, *side) << "  ("
            << DeviceLabel(*side, status->device_id) << ", " << FormatTimeMs(side->at_ms) << ")\n";
    }
  }
  if (a.json) {
    PrintJson(s.out, out);
  } else if (rows.empty()) {
    s.out << "No open conflicts.\n";
  } else {
    s.out << "\nTo bring a lost value back: `hromada conflicts resolve ID --keep lost`; to keep "
             "the value the record has now: `--keep current`.\n";
  }
  return absl::OkStatus();
}

absl::Status ResolveOne(Session& s, const ConflictArgs& a) {
  const std::string keep = KeepWord(a.keep);
  if (keep.empty()) {
    return absl::InvalidArgumentError(
        "--keep is lost (bring back the value that lost) or current (keep the value the record "
        "has now)");
  }
  if (absl::Status st = RequireCoordinator(s.client, "conflicts"); !st.ok()) return st;
  absl::StatusOr<RecordView> c = Resolve(s.client, "conflict", a.id);
  if (!c.ok()) return c.status();
  if (absl::Status st = ResolveConflict(s.client, *c, keep); !st.ok()) return st;
  const ConflictSide side = SideOf(*c, keep == "lost" ? "lost" : "kept");
  const std::string record = RecordLabel(s.client, *c);
  const std::string field = TextOf(*c, "field");
  s.out << "Resolved conflict " << c->id.substr(28) << ": " << record << ", "
        << (field.empty() ? "the record" : field) << " is now " << Shown(*c, side)
        << ". Sync to send it.\n";
  return absl::OkStatus();
}

}  // namespace

void AddConflictCommands(CLI::App& app, ProfileCommands& table) {
  auto a = std::make_shared<ConflictArgs>();
  CLI::App* list =
      app.add_subcommand("conflicts", "edits that lost to a concurrent one (coordinators)");
  list->add_flag("--json", a->json, "print JSON");
  CLI::App* resolve =
      list->add_subcommand("resolve", "bring back the lost value, or keep the current one");
  resolve->add_option("id", a->id, "the conflict as listed (the end of its id), or its id")
      ->required();
  resolve
      ->add_option("--keep", a->keep,
                   "lost (bring back the value that lost) or current (keep the value it has)")
      ->required();
  // The subcommand first: when it is parsed, its parent is parsed too.
  table.Add(resolve, [a](Session& s) { return ResolveOne(s, *a); });
  table.Add(list, [a](Session& s) { return List(s, *a); });
}

}  // namespace hromada::cli
