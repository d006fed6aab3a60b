#include "shared/sync/merge.h"

#include <algorithm>
#include <tuple>
#include <vector>

namespace hromada {

Stamp FieldStamp(const Record& record, const v1::Field& field) {
  if (field.hlc() == 0) return {record.hlc(), record.device_id()};
  return {field.hlc(), field.device_id()};
}

Stamp Tombstone(const Record& record) { return {record.deleted_hlc(), record.deleted_device_id()}; }

namespace {

using v1::Field;

// A field with its clock made explicit, for merging.
struct Entry {
  const Field* field;
  Stamp stamp;
};

std::vector<Entry> Entries(const Record& record) {
  std::vector<Entry> entries;
  entries.reserve(record.fields_size());
  for (const Field& f : record.fields()) entries.push_back({&f, FieldStamp(record, f)});
  return entries;
}

// Two writes with the same clock are the same write, unless a replica is
// broken; comparing the bytes keeps even that case convergent.
bool Wins(const Entry& a, const Entry& b) {
  if (!(a.stamp == b.stamp)) return b.stamp < a.stamp;
  return b.field->value().SerializeAsString() < a.field->value().SerializeAsString();
}

// Writes `entries` (sorted by name) and `tomb` into `*out` in canonical form.
void Build(const std::vector<Entry>& entries, const Stamp& tomb, Record* out) {
  Stamp top = tomb;
  for (const Entry& e : entries) {
    if (top < e.stamp) top = e.stamp;
  }
  out->set_hlc(top.hlc);
  out->set_device_id(std::string(top.device));
  out->set_deleted_hlc(tomb.hlc);
  out->set_deleted_device_id(std::string(tomb.device));
  for (const Entry& e : entries) {
    Field* f = out->add_fields();
    f->set_name(e.field->name());
    *f->mutable_value() = e.field->value();
    if (!(e.stamp == top)) {
      f->set_hlc(e.stamp.hlc);
      f->set_device_id(std::string(e.stamp.device));
    }
  }
}

Record Shell(const Record& r) {
  Record shell;
  shell.set_kind(r.kind());
  shell.set_id(r.id());
  shell.set_community_id(r.community_id());
  return shell;
}

}  // namespace

void Canonicalize(Record* record) {
  std::vector<Entry> entries = Entries(*record);
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.field->name() < b.field->name();
  });
  // Of fields repeated by name keep the winning write.
  std::vector<Entry> unique;
  for (const Entry& e : entries) {
    if (!unique.empty() && unique.back().field->name() == e.field->name()) {
      if (Wins(e, unique.back())) unique.back() = e;
    } else {
      unique.push_back(e);
    }
  }
  Record out = Shell(*record);
  Build(unique, Tombstone(*record), &out);
  *record = std::move(out);
}

void StampChange(absl::string_view device_id, Record* change) {
  change->set_device_id(std::string(device_id));
  change->clear_bases();  // what the writer held (conflict.h) is never part of a state
  if (change->deleted_hlc() != 0) {
    // A delete hides every field written at or before its own clock.
    change->set_deleted_hlc(change->hlc());
    change->set_deleted_device_id(std::string(device_id));
    change->clear_fields();
    return;
  }
  bool canonical = true;
  for (int i = 0; i < change->fields_size(); ++i) {
    Field* f = change->mutable_fields(i);
    f->clear_hlc();
    f->clear_device_id();
    if (i > 0 && !(change->fields(i - 1).name() < f->name())) canonical = false;
  }
  // Devices send fields sorted and unique; all share the change's clock,
  // so the change is canonical as it is. Otherwise sort it out.
  if (!canonical) Canonicalize(change);
}

bool Merge(const Record& from, Record* into) {
  if (into->kind().empty()) {
    *into = from;
    return true;
  }
  const Stamp tomb = std::max(Tombstone(*into), Tombstone(from));
  const std::vector<Entry> a = Entries(*into);
  const std::vector<Entry> b = Entries(from);
  std::vector<Entry> merged;
  merged.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].field->name() < b[j].field->name())) {
      merged.push_back(a[i++]);
    } else if (i == a.size() || b[j].field->name() < a[i].field->name()) {
      merged.push_back(b[j++]);
    } else {
      merged.push_back(Wins(b[j], a[i]) ? b[j] : a[i]);
      ++i, ++j;
    }
  }
  Record out = Shell(*into);
  if (out.community_id().empty()) out.set_community_id(from.community_id());
  Build(merged, tomb, &out);
  // `out` refers into `*into` and `from` until here; compare before moving.
  const bool changed = out.SerializeAsString() != into->SerializeAsString();
  if (changed) *into = std::move(out);
  return changed;
}

bool IsDeletedClock(uint64_t hlc, absl::string_view device_id, uint64_t deleted_hlc,
                    absl::string_view deleted_device_id) {
  return deleted_hlc != 0 && hlc == deleted_hlc && device_id == deleted_device_id;
}

bool IsDeleted(const Record& record) {
  if (record.deleted_hlc() == 0) return false;
  // A change (not yet stamped) that asks for a delete carries no fields.
  if (record.fields_size() == 0) return true;
  return IsDeletedClock(record.hlc(), record.device_id(), record.deleted_hlc(),
                        record.deleted_device_id());
}

}  // namespace hromada
