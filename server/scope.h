// Who may write what: a field device writes records of its own
// communities; only a coordinator writes shared kinds (communities, survey
// forms); a record never moves to another community.
#ifndef HROMADA_SERVER_SCOPE_H_
#define HROMADA_SERVER_SCOPE_H_

#include "absl/status/status.h"
#include "hromada/v1/record.pb.h"
#include "server/store/store.h"

namespace hromada::server {

// PERMISSION_DENIED if `device` may not write `change`; INVALID_ARGUMENT if
// the change names another community than the `existing` record (nullptr
// when the record is new).
absl::Status CheckWriteScope(const Device& device, const v1::Record& change,
                             const v1::Record* existing);

// What `device` reads: its communities plus every shared record.
ReadScope ReadScopeOf(const Device& device);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SCOPE_H_
