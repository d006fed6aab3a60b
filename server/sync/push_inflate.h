// A push's deflated_changes (sync.proto) made into plain `changes`, with
// the inflate bounded so a small request can never cost more memory than
// a plain push may (issue 10: grpc++'s own inflate is unbounded).
//
// Call it only after the device is authenticated. Stateless; thread-safe.
#ifndef HROMADA_SERVER_SYNC_PUSH_INFLATE_H_
#define HROMADA_SERVER_SYNC_PUSH_INFLATE_H_

#include <cstddef>

#include "absl/status/status.h"
#include "hromada/v1/sync.pb.h"

namespace hromada::server {

// Inflates `request.deflated_changes` into `request.changes` and clears it;
// no-op without it. RESOURCE_EXHAUSTED as soon as the inflated bytes would
// pass `max_bytes`; INVALID_ARGUMENT for a corrupt stream, bytes that are
// not `changes` entries, or a request carrying both fields.
absl::Status InflatePushChanges(size_t max_bytes, v1::PushRequest& request);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_PUSH_INFLATE_H_
