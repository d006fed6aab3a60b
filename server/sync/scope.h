// What a device reads on the server: the read scope of its role and
// communities (shared/sync/scope.h, the rule the device runs too), less
// the records it alone wrote (server/sync/pull_rules.h).
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

// A pull's scope: the community_ids the device reads (ReadScope::
// community_ids of shared/sync/scope.h), and the device, whose own records
// are not sent back.
struct ReadScope {
  // Its community ids and "" for shared records, sorted, each once.
  std::vector<std::string> communities;
  std::string device_id;
};

ReadScope ReadScopeOf(const Device& device);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SYNC_SCOPE_H_
