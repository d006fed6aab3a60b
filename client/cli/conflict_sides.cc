#include "client/cli/conflict_sides.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "client/cli/records.h"

namespace hromada::cli {
namespace {

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

// Writes `side` of conflict `c` again as a new edit. Deletes go alone (a
// delete is its own call); edits go with `mark` in one transaction.
absl::Status Reapply(Client& client, const RecordView& c, const ConflictSide& side,
                     const std::string& json, const Edit& mark) {
  const std::string kind = TextOf(c, "record_kind"), id = TextOf(c, "record");
  const std::string field = TextOf(c, "field");
  if (side.deleted) {
    absl::StatusOr<std::optional<RecordView>> live = client.Get(kind, id);
    if (!live.ok()) return live.status();
    if (live->has_value()) {
      if (absl::Status st = client.Delete(kind, id); !st.ok()) return st;
    }
    return client.Put(mark).status();
  }
  if (field.empty()) return client.Put(mark).status();  // the record stays: nothing to write
  absl::StatusOr<Value> value = ParseValue(json);
  if (!value.ok()) return value.status();
  const Edit edit{kind, id, TextOf(c, "community"), Fields{{field, *value}}};
  return client.PutAll({edit, mark}).status();
}

}  // namespace

ConflictSide SideOf(const RecordView& c, absl::string_view which) {
  const std::string prefix(which);
  ConflictSide side;
  const auto it = c.fields.find(prefix + "_deleted");
  side.deleted = it != c.fields.end() && std::holds_alternative<bool>(it->second) &&
                 std::get<bool>(it->second);
  if (const std::string json = TextOf(c, prefix); !json.empty() && !side.deleted) {
    absl::StatusOr<Value> v = ParseValue(json);
    side.damaged = !v.ok();
    if (v.ok()) side.value = *std::move(v);
  }
  side.device = TextOf(c, prefix + "_device");
  side.device_name = TextOf(c, prefix + "_device_name");
  side.at_ms = IntOf(c, prefix + "_ms");
  return side;
}

absl::StatusOr<std::vector<RecordView>> OpenConflicts(Client& client) {
  return ListWhere(client, "conflict",
                   [](const RecordView& c) { return TextOf(c, "state") == "open"; });
}

absl::Status ResolveConflict(Client& client, const RecordView& c, absl::string_view keep) {
  if (keep != "lost" && keep != "current") {
    return absl::InvalidArgumentError(
        "--keep is lost (bring back the value that lost) or current (keep the value the record "
        "has now)");
  }
  if (TextOf(c, "state") != "open") {
    return absl::FailedPreconditionError(
        absl::StrCat("conflict ", c.id.substr(28), " is resolved already"));
  }
  const std::string prefix = keep == "lost" ? "lost" : "kept";
  const Edit mark{"conflict", c.id, "",
                  Fields{{"state", std::string("resolved")},
                         {"resolution", std::string(keep == "lost" ? "theirs" : "mine")}}};
  return Reapply(client, c, SideOf(c, prefix), TextOf(c, prefix), mark);
}

}  // namespace hromada::cli
