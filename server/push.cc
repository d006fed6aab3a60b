#include "server/push.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/scope.h"
#include "shared/merge.h"
#include "shared/validate.h"

namespace hromada::server {
namespace {

// Answers a refusal and keeps it, for a retry whose first answer was lost.
absl::Status Reject(WriteTxn& txn, const Device& device, uint64_t seq, const absl::Status& why,
                    v1::PushResponse* response) {
  v1::Rejection* r = response->add_rejections();
  r->set_device_seq(seq);
  r->set_code(static_cast<uint32_t>(why.code()));
  r->set_field(ErrorField(why));
  r->set_message(std::string(why.message()));
  return txn.SaveRejection(device.id, *r);
}

// Validates and merges one change. A non-OK result that is not a storage
// error is the change's rejection; `*storage_error` tells them apart.
absl::Status ApplyChange(WriteTxn& txn, const Device& device, v1::Record& change,
                         const PushLimits& limits, bool* storage_error) {
  *storage_error = false;
  if (absl::Status s = ValidateChange(change); !s.ok()) return s;
  if (absl::Status s = ValidateClock(change, limits.now_ms, limits.max_clock_ahead_ms); !s.ok()) {
    return s;
  }
  // The common case first: a new record, whole in one change. One insert
  // that does nothing when the record exists, instead of a read and a write.
  // A survey response is checked against its form below, on its merged state.
  if (change.kind() != "survey_response" && CheckWriteScope(device, change, nullptr).ok() &&
      ValidateRequired(change).ok()) {
    StampChange(device.id, &change);
    absl::StatusOr<bool> inserted = txn.InsertRecord(change);
    *storage_error = !inserted.ok();
    if (!inserted.ok() || *inserted) return inserted.status();
  }
  absl::StatusOr<std::optional<v1::Record>> existing = txn.GetRecord(change.kind(), change.id());
  if (!existing.ok()) {
    *storage_error = true;
    return existing.status();
  }
  const v1::Record* current = existing->has_value() ? &**existing : nullptr;
  if (absl::Status s = CheckWriteScope(device, change, current); !s.ok()) return s;
  StampChange(device.id, &change);
  v1::Record* merged = &change;  // a new record is the change itself
  if (current != nullptr) {
    merged = &**existing;
    if (!Merge(change, merged)) return absl::OkStatus();  // nothing new
  }
  if (absl::Status s = ValidateRequired(*merged); !s.ok()) return s;
  if (!IsDeleted(*merged)) {
    absl::Status s = ValidateReferences(*merged, [&](absl::string_view kind, absl::string_view id) {
      return txn.GetRecord(kind, id);
    });
    *storage_error = !s.ok() && s.code() != absl::StatusCode::kInvalidArgument;
    if (!s.ok()) return s;
  }
  absl::Status s = txn.PutRecord(*merged);
  *storage_error = !s.ok();
  return s;
}

}  // namespace

absl::StatusOr<v1::PushResponse> ApplyPush(Store& store, const Device& device,
                                           v1::PushRequest& request, const PushLimits& limits,
                                           const CrashPoint& crash_point) {
  if (request.first_seq() == 0 && request.changes_size() > 0) {
    return absl::InvalidArgumentError("device_seq starts at 1; first_seq 0 is not a change");
  }
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  absl::StatusOr<Device> fresh = (*txn)->GetDevice(device.id);
  if (!fresh.ok()) return fresh.status();
  const uint64_t acked = fresh->acked_through;
  v1::PushResponse response;
  response.set_acked_through(acked);
  if (request.changes_size() == 0) return response;
  if (request.first_seq() > acked + 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("changes are missing: the server has this device's changes through ", acked,
                     " but the batch starts at ", request.first_seq()));
  }
  // A retried batch: the refusals among the changes handled before.
  const uint64_t last = request.first_seq() + request.changes_size() - 1;
  if (request.first_seq() <= acked) {
    absl::StatusOr<std::vector<v1::Rejection>> earlier =
        (*txn)->Rejections(device.id, request.first_seq(), std::min(last, acked));
    if (!earlier.ok()) return earlier.status();
    for (v1::Rejection& r : *earlier) *response.add_rejections() = std::move(r);
  }
  for (int i = 0; i < request.changes_size(); ++i) {
    const uint64_t seq = request.first_seq() + i;
    if (seq <= acked) continue;  // applied by an earlier push
    bool storage_error = false;
    absl::Status s =
        ApplyChange(**txn, device, *request.mutable_changes(i), limits, &storage_error);
    if (storage_error) return s;
    if (!s.ok()) {
      if (absl::Status saved = Reject(**txn, device, seq, s, &response); !saved.ok()) return saved;
    }
  }
  if (last > acked) {
    if (absl::Status s = (*txn)->SetAckedThrough(device.id, last); !s.ok()) return s;
    response.set_acked_through(last);
  }
  if (crash_point) crash_point("push-before-commit");
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  if (crash_point) crash_point("push-after-commit");
  return response;
}

}  // namespace hromada::server
