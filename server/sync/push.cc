#include "server/sync/push.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/admin/audit.h"
#include "server/store/store_replica.h"
#include "server/sync/rejections.h"
#include "shared/sync/apply.h"
#include "shared/sync/validate.h"

namespace hromada::server {
namespace {

// Answers a refusal and keeps it, for a retry whose first answer was lost.
absl::Status Reject(WriteTxn& txn, const Device& device, uint64_t seq, const v1::Record& change,
                    const absl::Status& why, v1::PushResponse* response) {
  v1::Rejection* r = response->add_rejections();
  r->set_device_seq(seq);
  r->set_code(static_cast<uint32_t>(why.code()));
  r->set_field(ErrorField(why));
  r->set_message(std::string(why.message()));
  r->set_kind(change.kind());
  r->set_id(change.id());
  return txn.SaveRejection(device.id, *r);
}

}  // namespace

absl::StatusOr<v1::PushResponse> ApplyPush(Store& store, const Device& device,
                                           v1::PushRequest& request, const PushLimits& limits,
                                           const CrashPoint& crash_point, PushCounts* counts) {
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
  PushCounts done;
  done.replayed_refusals = response.rejections_size();
  PushAudit audit;
  StoreReplica replica(**txn);
  const Writer writer = WriterOf(device);
  ApplyLimits apply_limits =
      ServerApplyLimits(/*check_clock=*/true, limits.now_ms, limits.max_clock_ahead_ms);
  apply_limits.device_name = [&](absl::string_view id) {
    if (id == device.id) return device.name;
    return limits.device_name ? limits.device_name(id) : std::string();
  };
  for (int i = 0; i < request.changes_size(); ++i) {
    const uint64_t seq = request.first_seq() + i;
    if (seq <= acked) continue;  // applied by an earlier push
    ++done.new_changes;
    v1::Record& change = *request.mutable_changes(i);
    absl::StatusOr<Applied> applied = ApplyChange(replica, writer, &change, apply_limits);
    if (!applied.ok()) return applied.status();
    if (applied->refusal.ok()) {
      audit.Applied(change);
      continue;
    }
    if (absl::Status s = Reject(**txn, device, seq, change, applied->refusal, &response); !s.ok()) {
      return s;
    }
    audit.Refused(*response.rejections().rbegin());
  }
  // The states after the whole batch, so that the device's undo keeps what
  // the batch's later changes wrote.
  for (v1::Rejection& r : *response.mutable_rejections()) {
    absl::Status s = AttachServerState(
        [&](absl::string_view kind, absl::string_view id) { return replica.Get(kind, id); }, device,
        &r);
    if (!s.ok()) return s;
  }
  if (last > acked) {
    fresh->acked_through = last;
    if (absl::Status s = (*txn)->PutDevice(*fresh); !s.ok()) return s;
    response.set_acked_through(last);
  }
  if (absl::Status s = audit.Write(**txn, device.id, limits.now_ms); !s.ok()) return s;
  if (crash_point) crash_point("push-before-commit");
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  if (crash_point) crash_point("push-after-commit");
  if (counts != nullptr) *counts = done;
  return response;
}

}  // namespace hromada::server
