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

absl::Status RequireCoordinator(Client& client) {
  absl::StatusOr<ClientStatus> status = client.GetStatus();
  if (!status.ok()) return status.status();
  if (status->role == Role::kCoordinator || status->role == Role::kNetworkCoordinator) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "conflicts are for coordinators, and this device is not enrolled as one");
}

// A side's value as the Value it was (shared/sync/conflict.h ValueJson).
absl::StatusOr<Value> ParseValue(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::DataLossError("a conflict record holds a damaged value");
  if (j.is_null()) return Value{Null{}};
  if (j.contains("text")) return Value{j["text"].get<std::string>()};
  if (j.contains("integer")) return Value{j["integer"].get<int64_t>()};
  if (j.contains("real")) return Value{j["real"].get<double>()};
  if (j.contains("flag")) return Value{j["flag"].get<bool>()};
  if (j.contains("ref")) return Value{Ref{j["ref"].get<std::string>()}};
  return absl::DataLossError("a conflict record holds a value of an unknown type");
}

// One side of a conflict, for people.
struct Side {
  bool deleted = false;
  std::string value;  // as text; "" when deleted or for the record's state
  std::string device;
  int64_t at_ms = 0;
};

Side SideOf(const RecordView& c, const std::string& prefix) {
  Side side;
  const auto it = c.fields.find(prefix + "_deleted");
  side.deleted = it != c.fields.end() && std::holds_alternative<bool>(it->second) &&
                 std::get<bool>(it->second);
  if (const std::string json = TextOf(c, prefix); !json.empty()) {
    absl::StatusOr<Value> v = ParseValue(json);
    side.value = !v.ok() ? "?" : std::holds_alternative<Null>(*v) ? "(cleared)" : ValueToText(*v);
  }
  side.device = TextOf(c, prefix + "_device");
  side.at_ms = IntOf(c, prefix + "_ms");
  return side;
}

std::string Shown(const RecordView& c, const Side& side) {
  if (side.deleted) return "(record deleted)";
  if (TextOf(c, "field").empty()) return "(record kept)";
  return side.value;
}

// Who wrote a side. A conflict record names devices by id alone; a
// device's name lives on the server.
std::string DeviceLabel(const std::string& device, const std::string& self) {
  if (device == self) return "written on this device";
  return absl::StrCat("written on another device, ", device.substr(0, 8));
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

nlohmann::json SideJson(const RecordView& c, const Side& side) {
  return {{"value", Shown(c, side)},
          {"deleted", side.deleted},
          {"device", side.device},
          {"at_ms", side.at_ms}};
}

absl::Status List(Session& s, const ConflictArgs& a) {
  if (absl::Status st = RequireCoordinator(s.client); !st.ok()) return st;
  absl::StatusOr<std::vector<RecordView>> open = ListWhere(
      s.client, "conflict", [](const RecordView& c) { return TextOf(c, "state") == "open"; });
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
    const Side kept = SideOf(c, "kept"), lost = SideOf(c, "lost");
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
            << DeviceLabel(side->device, status->device_id) << ", " << FormatTimeMs(side->at_ms)
            << ")\n";
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

// Writes `side` of conflict `c` again as a new edit. Deletes go alone (a
// delete is its own call); edits go with `mark` in one transaction.
absl::Status Reapply(Session& s, const RecordView& c, const Side& side, const std::string& json,
                     const Edit& mark) {
  const std::string kind = TextOf(c, "record_kind"), id = TextOf(c, "record");
  const std::string field = TextOf(c, "field");
  if (side.deleted) {
    absl::StatusOr<std::optional<RecordView>> live = s.client.Get(kind, id);
    if (!live.ok()) return live.status();
    if (live->has_value()) {
      if (absl::Status st = s.client.Delete(kind, id); !st.ok()) return st;
    }
    return s.client.Put(mark).status();
  }
  if (field.empty()) return s.client.Put(mark).status();  // the record stays: nothing to write
  absl::StatusOr<Value> value = ParseValue(json);
  if (!value.ok()) return value.status();
  const Edit edit{kind, id, TextOf(c, "community"), Fields{{field, *value}}};
  return s.client.PutAll({edit, mark}).status();
}

absl::Status ResolveOne(Session& s, const ConflictArgs& a) {
  const std::string keep = KeepWord(a.keep);
  if (keep.empty()) {
    return absl::InvalidArgumentError(
        "--keep is lost (bring back the value that lost) or current (keep the value the record "
        "has now)");
  }
  if (absl::Status st = RequireCoordinator(s.client); !st.ok()) return st;
  absl::StatusOr<RecordView> c = Resolve(s.client, "conflict", a.id);
  if (!c.ok()) return c.status();
  if (TextOf(*c, "state") != "open") {
    return absl::FailedPreconditionError(
        absl::StrCat("conflict ", c->id.substr(28), " is resolved already"));
  }
  const std::string prefix = keep == "lost" ? "lost" : "kept";
  const Side side = SideOf(*c, prefix);
  const Edit mark{"conflict", c->id, "",
                  Fields{{"state", std::string("resolved")},
                         {"resolution", std::string(keep == "lost" ? "theirs" : "mine")}}};
  if (absl::Status st = Reapply(s, *c, side, TextOf(*c, prefix), mark); !st.ok()) return st;
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
