// What a device reads: its communities' records and the shared ones. Who
// may write what is shared/sync/scope.h, run by the apply rule (shared/sync/apply.h).
#ifndef HROMADA_SERVER_SYNC_SCOPE_H_
#define HROMADA_SERVER_SYNC_SCOPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "hromada/v1/record.pb.h"
#include "server/store/store.h"

namespace hromada::server {

// True if `device` may read `record`: a shared record, one of its
// communities', or (a coordinator) one of their conflicts.
bool MayRead(const Device& device, const v1::Record& record);

// What a device reads: the records of its communities and the shared
// ones (communities, survey forms), and for a coordinator the conflicts of
// its communities (each under its ConflictScope, shared/sync/conflict.h), less
// the records it alone wrote (server/sync/pull_rules.h).
struct ReadScope {
  // Its community ids and "" for shared records, sorted, each once.
  std::vector<std::string> communities;
  std::string device_id;
};

ReadScope ReadScopeOf(const Device& device);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_SCOPE_H_
