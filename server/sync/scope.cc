#include "server/sync/scope.h"

#include "shared/sync/scope.h"

namespace hromada::server {

bool MayRead(const Device& device, const v1::Record& record) {
  return hromada::ReadScopeOf(device.role, device.communities).Reads(record);
}

ReadScope ReadScopeOf(const Device& device) {
  return ReadScope{hromada::ReadScopeOf(device.role, device.communities).community_ids, device.id};
}

}  // namespace hromada::server
