// Local edits: validate, stamp, merge into the local state and append to
// the outbox, all in one transaction (DESIGN.md invariant 1).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "client/src/store.h"
#include "shared/merge.h"
#include "shared/schema.h"
#include "shared/scope.h"
#include "shared/uuid.h"
#include "shared/validate.h"

namespace hromada::client {

absl::Status Store::Apply(std::vector<v1::Record> changes) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<sql::Transaction> txn = sql::Transaction::Begin(db_.get(), "BEGIN IMMEDIATE");
  if (!txn.ok()) return txn.status();
  uint64_t seq = profile_.next_seq;
  for (v1::Record& change : changes) {
    if (absl::Status s = ApplyOne(std::move(change), seq); !s.ok()) return s;
    ++seq;
  }
  if (absl::Status s = PutSetting("next_seq", static_cast<int64_t>(seq)); !s.ok()) return s;
  if (absl::Status s = PutSetting("hlc_last", static_cast<int64_t>(hlc_.last())); !s.ok()) {
    return s;
  }
  if (absl::Status s = txn->Commit(); !s.ok()) return s;
  profile_.next_seq = seq;
  return absl::OkStatus();
}

// What the server would refuse for scope (invariant 7), checked here so the
// person hears it while still holding the paper form. Skipped until the
// device is enrolled: the scope is not known yet.
absl::Status Store::CheckScope(const v1::Record& change) const {
  if (!profile_.enrolled()) return absl::OkStatus();
  return CheckWriteScope(static_cast<v1::Role>(profile_.role), profile_.communities, change);
}

absl::Status Store::ApplyOne(v1::Record change, uint64_t seq) {
  absl::StatusOr<std::optional<v1::Record>> existing = Load(change.kind(), change.id());
  if (!existing.ok()) return existing.status();
  const bool is_delete = change.deleted_hlc() != 0;
  if (existing->has_value()) {
    const std::string& community = (*existing)->community_id();
    if (change.community_id().empty()) change.set_community_id(community);
    if (change.community_id() != community) {
      return absl::InvalidArgumentError("a record's community cannot change once it is created");
    }
  }
  if (is_delete && (!existing->has_value() || IsDeleted(**existing))) {
    return absl::NotFoundError(absl::StrCat("there is no ", change.kind(), " record ",
                                            IdToString(change.id()), " to delete"));
  }
  const uint64_t hlc = hlc_.Now();
  change.set_hlc(hlc);
  change.clear_device_id();
  if (is_delete) change.set_deleted_hlc(hlc);
  if (absl::Status s = ValidateChange(change); !s.ok()) return s;
  if (absl::Status s = CheckScope(change); !s.ok()) return s;

  v1::Record merged = existing->has_value() ? **std::move(existing) : v1::Record();
  v1::Record stamped = change;
  StampChange(profile_.device_id, &stamped);
  Merge(stamped, &merged);
  if (!IsDeleted(merged)) {
    if (absl::Status s = ValidateRequired(merged); !s.ok()) return s;
    // Called back under this call's lock, which the lock check cannot follow.
    auto load = [this](absl::string_view kind, absl::string_view id)
                    ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return Load(kind, id); };
    absl::Status s = ValidateReferences(merged, load);
    if (!s.ok()) return s;
  }
  if (absl::Status s = WriteState(merged); !s.ok()) return s;
  absl::StatusOr<sql::Stmt*> stmt =
      db_->Prepare("INSERT INTO outbox (device_seq, change) VALUES (?, ?)");
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->Bind(1, static_cast<int64_t>(seq)).BindBlob(2, change.SerializeAsString()).Run();
}

}  // namespace hromada::client
