// What a device reads: its communities' records and the shared ones. (Who
// may write what is shared/scope.h, run by the apply rule.)
#ifndef HROMADA_SERVER_SCOPE_H_
#define HROMADA_SERVER_SCOPE_H_

#include "absl/status/status.h"
#include "hromada/v1/record.pb.h"
#include "server/store/store.h"

namespace hromada::server {

// True if `device` may read `record`: a shared record, or one of its
// communities'.
bool MayRead(const Device& device, const v1::Record& record);

// What `device` reads: its communities plus every shared record.
ReadScope ReadScopeOf(const Device& device);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SCOPE_H_
