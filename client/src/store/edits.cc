// Local edits: stamped with the device's clock, applied through the one
// apply rule (shared/sync/apply.h) to the record table and appended to the
// outbox, all in one transaction (docs/design.md invariant 1).
#include "absl/strings/str_cat.h"
#include "client/src/store/store.h"
#include "shared/base/uuid.h"
#include "shared/sync/apply.h"
#include "shared/sync/merge.h"

namespace hromada::client {
namespace {

void AddBase(const std::string& name, uint64_t hlc, const std::string& device, v1::Record* change) {
  v1::Base* base = change->add_bases();
  base->set_name(name);
  base->set_hlc(hlc);
  base->set_device_id(device);
}

// What this device held of the record when it wrote `change`, so that the
// server can tell a concurrent edit from a sequential one
// (shared/sync/conflict.h): the clock of each field the change writes (a delete:
// of each field it hides) and of the tombstone. 0: it held none.
void AddBases(const std::optional<v1::Record>& held, v1::Record* change) {
  const v1::Record none;
  const v1::Record& r = held.has_value() ? *held : none;
  const auto field_base = [&](const std::string& name) {
    for (const v1::Field& f : r.fields()) {
      if (f.name() != name) continue;
      if (f.hlc() == 0) return AddBase(name, r.hlc(), r.device_id(), change);
      return AddBase(name, f.hlc(), f.device_id(), change);
    }
    AddBase(name, 0, "", change);
  };
  AddBase("", r.deleted_hlc(), r.deleted_device_id(), change);
  if (change->deleted_hlc() != 0) {
    for (const v1::Field& f : r.fields()) field_base(f.name());
  } else {
    for (const v1::Field& f : change->fields()) field_base(f.name());
  }
}

}  // namespace

absl::Status Store::Apply(std::vector<v1::Record> changes) {
  absl::MutexLock lock(&mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<sql::Transaction> txn = Begin();
  if (!txn.ok()) return txn.status();
  uint64_t seq = profile_.next_seq;
  for (v1::Record& change : changes) {
    if (absl::Status s = ApplyOne(std::move(change), seq); !s.ok()) return s;
    ++seq;
  }
  if (absl::Status s = settings_->Put("next_seq", static_cast<int64_t>(seq)); !s.ok()) return s;
  if (absl::Status s = SaveHlc(); !s.ok()) return s;
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.next_seq = seq;
  return absl::OkStatus();
}

// What the user asked for, made into a change the rule can apply: an edit
// of an existing record may leave its community out, and a delete needs a
// live record. Then the device's clock stamps it.
absl::Status Store::ApplyOne(v1::Record change, uint64_t seq) {
  absl::StatusOr<std::optional<v1::Record>> existing = records_->Get(change.kind(), change.id());
  if (!existing.ok()) return existing.status();
  const bool is_delete = change.deleted_hlc() != 0;
  if (existing->has_value() && change.community_id().empty()) {
    change.set_community_id((*existing)->community_id());
  }
  if (is_delete && (!existing->has_value() || IsDeleted(**existing))) {
    return absl::NotFoundError(absl::StrCat("there is no ", change.kind(), " record ",
                                            IdToString(change.id()), " to delete"));
  }
  const uint64_t hlc = hlc_.Now();
  change.set_hlc(hlc);
  change.clear_device_id();
  if (is_delete) change.set_deleted_hlc(hlc);
  AddBases(*existing, &change);
  const std::string outgoing = change.SerializeAsString();  // as it is pushed

  // Before enrolment the device's scope is unknown; the server checks it.
  const Writer writer{profile_.device_id, static_cast<v1::Role>(profile_.role),
                      profile_.communities, !profile_.enrolled()};
  ApplyLimits limits;
  limits.check_clock = false;  // the device's own clock stamped it
  // Whether the record exists is known already: the insert-if-absent path
  // would only repeat the read (and the reference checks) for an edit.
  limits.fast_new_records = !existing->has_value();
  absl::StatusOr<Applied> applied = ApplyChange(*records_, writer, &change, limits);
  if (!applied.ok()) return applied.status();
  if (!applied->refusal.ok()) return applied->refusal;
  // With the clocks it was made at, to date it in server time at the sync.
  return outbox_->Append(seq, outgoing, hlc,
                         ChangeClocks{clock_->NowMillis(), hlc_.offset_ms(), monotonic_->Now()});
}

}  // namespace hromada::client
