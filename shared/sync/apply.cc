#include "shared/sync/apply.h"

#include "absl/strings/str_cat.h"
#include "shared/sync/conflict.h"
#include "shared/sync/merge.h"
#include "shared/sync/scope.h"
#include "shared/sync/validate.h"

namespace hromada {
namespace {

// Steps that need only the change and the writer: validate, clock, scope.
absl::Status CheckChange(const Writer& writer, const v1::Record& change,
                         const ApplyLimits& limits) {
  if (absl::Status s = ValidateChange(change); !s.ok()) return s;
  if (limits.check_clock) {
    absl::Status s = ValidateClock(change, limits.now_ms, limits.max_clock_ahead_ms);
    if (!s.ok()) return s;
  }
  if (writer.unrestricted) return absl::OkStatus();
  return CheckWriteScope(writer.role, writer.communities, change);
}

// A record never moves: its community is fixed when it is created.
absl::Status CheckSameCommunity(const v1::Record& change, const v1::Record& existing) {
  if (existing.community_id() == change.community_id()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("this ", change.kind(), " belongs to another community; a record cannot move"));
}

// The checks of a live merged state: required fields, then references.
// A lookup that fails is a storage error and lands in `*storage`.
absl::Status CheckMerged(ReplicaTxn& txn, const v1::Record& merged, const v1::Record& change,
                         absl::Status* storage) {
  if (IsDeleted(merged)) return absl::OkStatus();
  if (absl::Status s = ValidateRequired(merged); !s.ok()) return s;
  auto keep = [storage](auto r) {
    if (!r.ok()) *storage = r.status();
    return r;
  };
  return ValidateReferences(
      merged, change,
      [&](absl::string_view kind, absl::string_view id) { return keep(txn.Get(kind, id)); },
      [&](absl::string_view kind, absl::string_view id) {
        return keep(txn.CommunityOf(kind, id));
      });
}

Applied Refused(absl::Status why) { return Applied{std::move(why), false}; }

// The fast path for a whole new record: the merged state of a change to a
// record that does not exist is the change itself, so its checks can run
// before the write, and one InsertIfAbsent both tests absence and writes.
// nullopt when the record exists (or the change alone fails a check that
// the existing state might satisfy): take the full path.
absl::StatusOr<std::optional<Applied>> TryInsertNew(ReplicaTxn& txn, const v1::Record& stamped) {
  absl::Status storage;
  if (!CheckMerged(txn, stamped, stamped, &storage).ok()) {
    if (!storage.ok()) return storage;
    return std::nullopt;
  }
  absl::StatusOr<bool> inserted = txn.InsertIfAbsent(stamped);
  if (!inserted.ok()) return inserted.status();
  if (!*inserted) return std::nullopt;
  return Applied{absl::OkStatus(), true};
}

// Writes a `conflict` record for each losing write, through the same rule
// as the server's own write. A conflict that does not fit its kind (it
// should not happen) is dropped: nothing blocks the change itself.
absl::Status KeepLosses(ReplicaTxn& txn, const v1::Record& change,
                        const std::vector<LostEdit>& lost, const ApplyLimits& limits,
                        Applied* applied) {
  const Writer server{limits.conflict_writer, v1::ROLE_UNSPECIFIED, {}, /*unrestricted=*/true};
  ApplyLimits own;
  own.check_clock = false;
  for (LostEdit edit : lost) {
    if (limits.device_name) {
      edit.kept.device_name = limits.device_name(edit.kept.device_id);
      edit.lost.device_name = limits.device_name(edit.lost.device_id);
    }
    v1::Record conflict = ConflictChange(change, edit);
    conflict.set_hlc(change.hlc());
    absl::StatusOr<Applied> kept = ApplyChange(txn, server, &conflict, own);
    if (!kept.ok()) return kept.status();
    if (kept->refusal.ok()) ++applied->conflicts;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Applied> ApplyChange(ReplicaTxn& txn, const Writer& writer, v1::Record* stamped,
                                    const ApplyLimits& limits) {
  if (absl::Status s = CheckChange(writer, *stamped, limits); !s.ok()) return Refused(s);
  google::protobuf::RepeatedPtrField<v1::Base> bases;  // never stored
  bases.Swap(stamped->mutable_bases());
  StampChange(writer.device_id, stamped);
  const v1::Record& change = *stamped;
  if (limits.fast_new_records) {
    absl::StatusOr<std::optional<Applied>> fast = TryInsertNew(txn, change);
    if (!fast.ok()) return fast.status();
    if (fast->has_value()) return **fast;
  }
  absl::StatusOr<std::optional<v1::Record>> existing = txn.Get(change.kind(), change.id());
  if (!existing.ok()) return existing.status();
  std::vector<LostEdit> lost;
  if (!limits.conflict_writer.empty() && KeepsConflicts(change.kind())) {
    lost = FindLostEdits(existing->has_value() ? &**existing : nullptr, change, bases);
  }
  v1::Record merged;
  if (existing->has_value()) {
    if (absl::Status s = CheckSameCommunity(change, **existing); !s.ok()) return Refused(s);
    merged = **std::move(existing);
  }
  Applied applied;
  if (!Merge(change, &merged)) {  // nothing new: a repeat, or a write that lost
    if (absl::Status s = KeepLosses(txn, change, lost, limits, &applied); !s.ok()) return s;
    return applied;
  }
  absl::Status storage;
  if (absl::Status s = CheckMerged(txn, merged, change, &storage); !s.ok()) {
    if (!storage.ok()) return storage;
    return Refused(s);
  }
  if (absl::Status s = txn.Put(merged); !s.ok()) return s;
  applied.changed = true;
  if (absl::Status s = KeepLosses(txn, change, lost, limits, &applied); !s.ok()) return s;
  return applied;
}

}  // namespace hromada
