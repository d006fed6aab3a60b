// Who may write and read what: a field device writes records of its own
// communities; only a coordinator writes shared kinds (communities, survey
// forms); a record never moves to another community. Every device reads
// its communities' records and the shared ones.
#ifndef HROMADA_SERVER_SCOPE_H_
#define HROMADA_SERVER_SCOPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "hromada/v1/record.pb.h"
#include "server/store/store.h"

namespace hromada::server {

// PERMISSION_DENIED if `device` may not write `change`; INVALID_ARGUMENT if
// the change names another community than the `existing` record (nullptr
// when the record is new).
absl::Status CheckWriteScope(const Device& device, const v1::Record& change,
                             const v1::Record* existing);

// What a device reads: the records of its communities and the shared
// ones (communities, survey forms), less the records it alone wrote
// (server/pull_rules.h).
struct ReadScope {
  std::vector<std::string> communities;  // its community ids, and "" for shared records
  std::string device_id;
};

ReadScope ReadScopeOf(const Device& device);

}  // namespace hromada::server

#endif  // HROMADA_SERVER_SCOPE_H_
