// Reading a pull page: the current state of records in the device's scope
// changed after its cursor, in server order, bounded by bytes (docs/design.md
// invariant 5). A record edited many times is sent once, as it is now.
#ifndef HROMADA_SERVER_SYNC_PULL_H_
#define HROMADA_SERVER_SYNC_PULL_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "hromada/v1/sync.pb.h"
#include "server/store/store.h"

namespace hromada::server {

// Returns the serialized v1::PullResponse. Stored record states go out as
// they are stored, never parsed and serialized again: a page is mostly a
// copy. `max_bytes` caps what the request asks for (0 asks for the cap).
absl::StatusOr<std::string> ReadPull(Store& store, const Device& device,
                                     const v1::PullRequest& request, size_t max_bytes,
                                     int64_t server_time_ms);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_PULL_H_
