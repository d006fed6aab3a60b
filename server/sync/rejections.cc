#include "server/sync/rejections.h"

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

}  // namespace hromada::server
