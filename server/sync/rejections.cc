#include "server/sync/rejections.h"

#include <memory>

#include "server/sync/scope.h"

namespace hromada::server {

absl::Status AttachServerState(const RecordLookup& find, const Device& device, v1::Rejection* r) {
  r->clear_server_state();
  r->set_state_known(false);
  if (r->kind().empty()) return absl::OkStatus();
  absl::StatusOr<std::optional<v1::Record>> state = find(r->kind(), r->id());
  if (!state.ok()) return state.status();
  r->set_state_known(true);
  if (state->has_value() && MayRead(device, **state)) *r->mutable_server_state() = **state;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Rejection>> TakeRejections(Store& store, absl::string_view device_id,
                                                          uint64_t from_seq, uint64_t through_seq) {
  absl::StatusOr<std::unique_ptr<WriteTxn>> txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  if (absl::Status s = (*txn)->ForgetRejections(device_id, from_seq); !s.ok()) return s;
  absl::StatusOr<std::vector<v1::Rejection>> out =
      (*txn)->Rejections(device_id, from_seq, through_seq);
  if (!out.ok()) return out.status();
  if (absl::Status s = (*txn)->Commit(); !s.ok()) return s;
  return out;
}

}  // namespace hromada::server
