// What a refusal tells the device besides its reason: the refused record's
// state on the server, so the device can undo the refused change locally
// (its state becomes the server's, merged with its own unsent changes).
#ifndef HROMADA_SERVER_SYNC_REJECTIONS_H_
#define HROMADA_SERVER_SYNC_REJECTIONS_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/store.h"
#include "shared/sync/validate.h"

namespace hromada::server {

// Sets r->state_known and, when `device` may read the record (kind, id)
// named by `*r`, r->server_state from `find`. A refusal kept by an older
// server (no kind) stays unknown. Errors are `find`'s.
absl::Status AttachServerState(const RecordLookup& find, const Device& device, v1::Rejection* r);

// The refusals a device collects at a handshake or in a bundle: in one
// transaction, forgets those of its changes before `from_seq` (the device
// has them) and returns those in [from_seq, through_seq].
absl::StatusOr<std::vector<v1::Rejection>> TakeRejections(Store& store, absl::string_view device_id,
                                                          uint64_t from_seq, uint64_t through_seq);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_REJECTIONS_H_
