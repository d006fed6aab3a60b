#include "shared/sync/conflict.h"

#include <tuple>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "shared/sync/schema.h"

namespace hromada {
namespace {

using Bases = google::protobuf::RepeatedPtrField<v1::Base>;

ConflictSide ValueSide(const v1::Value& value, const Stamp& at) {
  ConflictSide side;
  side.value = value;
  side.hlc = at.hlc;
  side.device_id = std::string(at.device);
  return side;
}
ConflictSide StateSide(bool deleted, const Stamp& at) {
  ConflictSide side;
  side.deleted = deleted;
  side.hlc = at.hlc;
  side.device_id = std::string(at.device);
  return side;
}

bool SameValue(const v1::Value& a, const v1::Value& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

// What the change's writer knew of the stored write `stored` to `name`.
class Knowledge {
 public:
  Knowledge(const v1::Record& change, const Bases& bases) : change_(change), bases_(bases) {}

  // True unless the bases show that the writer had not seen `stored`.
  bool Saw(absl::string_view name, const Stamp& stored) const {
    if (stored.device == change_.device_id() || bases_.empty()) return true;
    Stamp base;
    for (const v1::Base& b : bases_) {
      if (b.name() == name) base = {b.hlc(), b.device_id()};
    }
    return !(base < stored);
  }

 private:
  const v1::Record& change_;
  const Bases& bases_;
};

std::vector<LostEdit> DeleteLosses(const v1::Record& stored, const v1::Record& change,
                                   const Knowledge& knew) {
  const Stamp at{change.hlc(), change.device_id()};
  // A later write by another device keeps the record live: the delete lost.
  for (const v1::Field& f : stored.fields()) {
    const Stamp s = FieldStamp(stored, f);
    if (at < s && s.device != at.device) {
      return {{"", StateSide(false, {stored.hlc(), stored.device_id()}), StateSide(true, at)}};
    }
  }
  // The delete wins: it hides the values its writer had not seen.
  std::vector<LostEdit> lost;
  for (const v1::Field& f : stored.fields()) {
    const Stamp s = FieldStamp(stored, f);
    if (knew.Saw(f.name(), s)) continue;
    lost.push_back({f.name(), StateSide(true, at), ValueSide(f.value(), s)});
  }
  return lost;
}

std::vector<LostEdit> EditLosses(const v1::Record& stored, const v1::Record& change,
                                 const Knowledge& knew) {
  const Stamp at{change.hlc(), change.device_id()};
  const Stamp tomb = Tombstone(stored);
  std::vector<LostEdit> lost;
  if (IsDeleted(stored) && at < tomb) {
    // Hidden by a delete its writer had not seen (or its own later one).
    if (tomb.device == at.device) return lost;
    for (const v1::Field& f : change.fields()) {
      lost.push_back({f.name(), StateSide(true, tomb), ValueSide(f.value(), at)});
    }
    return lost;
  }
  if (IsDeleted(stored) && !knew.Saw("", tomb)) {
    lost.push_back({"", StateSide(false, at), StateSide(true, tomb)});
  }
  int j = 0;  // both sorted by name
  for (const v1::Field& f : change.fields()) {
    while (j < stored.fields_size() && stored.fields(j).name() < f.name()) ++j;
    if (j == stored.fields_size() || stored.fields(j).name() != f.name()) continue;
    const v1::Field& old = stored.fields(j);
    const Stamp s = FieldStamp(stored, old);
    if (s == at || s.device == at.device || SameValue(old.value(), f.value())) continue;
    if (at < s) {
      lost.push_back({f.name(), ValueSide(old.value(), s), ValueSide(f.value(), at)});
    } else if (!(IsDeleted(stored) && s < tomb) && !knew.Saw(f.name(), s)) {
      lost.push_back({f.name(), ValueSide(f.value(), at), ValueSide(old.value(), s)});
    }
  }
  return lost;
}

void Add(v1::Record* r, const std::string& name, v1::Value value) {
  v1::Field* f = r->add_fields();
  f->set_name(name);
  *f->mutable_value() = std::move(value);
}
v1::Value Text(std::string text) {
  v1::Value v;
  v.set_text(std::move(text));
  return v;
}
v1::Value Int(int64_t n) {
  v1::Value v;
  v.set_integer(n);
  return v;
}
v1::Value Flag(bool b) {
  v1::Value v;
  v.set_flag(b);
  return v;
}

// kept_*, or lost_*, fields of a conflict record (in name order).
void AddSide(v1::Record* r, const std::string& prefix, const std::string& field,
             const ConflictSide& side) {
  if (!field.empty() && !side.deleted) Add(r, prefix, Text(ValueJson(side.value)));
  Add(r, prefix + "_deleted", Flag(side.deleted));
  Add(r, prefix + "_device", Text(IdToString(side.device_id)));
  if (!side.device_name.empty()) Add(r, prefix + "_device_name", Text(side.device_name));
  Add(r, prefix + "_ms", Int(HlcMillis(side.hlc)));
}

}  // namespace

std::vector<LostEdit> FindLostEdits(const v1::Record* stored, const v1::Record& change,
                                    const Bases& bases) {
  if (stored == nullptr || stored->kind().empty()) return {};
  const Knowledge knew(change, bases);
  if (IsDeleted(change)) {
    if (IsDeleted(*stored)) return {};
    return DeleteLosses(*stored, change, knew);
  }
  return EditLosses(*stored, change, knew);
}

bool KeepsConflicts(absl::string_view kind) {
  const KindSpec* spec = FindKind(kind);
  return spec != nullptr && !spec->shared && kind != "conflict";
}

std::string ConflictScope(absl::string_view community_id) {
  return Uuid::V5(HromadaNamespace(), absl::StrCat("conflicts:", IdToString(community_id))).bytes();
}

v1::Record ConflictChange(const v1::Record& record, const LostEdit& lost) {
  v1::Record c;
  c.set_kind("conflict");
  c.set_id(
      Uuid::V5(HromadaNamespace(),
               absl::StrCat("conflict:", record.kind(), ":", IdToString(record.id()), ":",
                            lost.field, ":", lost.lost.hlc, ":", IdToString(lost.lost.device_id)))
          .bytes());
  c.set_community_id(ConflictScope(record.community_id()));
  v1::Value community;
  community.set_ref(record.community_id());
  Add(&c, "community", community);
  if (!lost.field.empty()) Add(&c, "field", Text(lost.field));
  AddSide(&c, "kept", lost.field, lost.kept);
  AddSide(&c, "lost", lost.field, lost.lost);
  Add(&c, "record", Text(IdToString(record.id())));
  Add(&c, "record_kind", Text(record.kind()));
  Add(&c, "state", Text("open"));
  return c;
}

std::string ValueJson(const v1::Value& value) {
  nlohmann::json j;
  switch (value.v_case()) {
    case v1::Value::kText:
      j = {{"text", value.text()}};
      break;
    case v1::Value::kInteger:
      j = {{"integer", value.integer()}};
      break;
    case v1::Value::kReal:
      j = {{"real", value.real()}};
      break;
    case v1::Value::kFlag:
      j = {{"flag", value.flag()}};
      break;
    case v1::Value::kRef:
      j = {{"ref", IdToString(value.ref())}};
      break;
    case v1::Value::V_NOT_SET:
      break;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hromada
