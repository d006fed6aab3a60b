#include "server/sync/scope.h"

#include <algorithm>

#include "shared/sync/scope.h"

namespace hromada::server {

bool MayRead(const Device& device, const v1::Record& record) {
  return hromada::ReadScopeOf(device.role, device.communities).Reads(record);
}

ReadScope ReadScopeOf(const Device& device) {
  ReadScope scope{hromada::ReadScopeOf(device.role, device.communities).community_ids, device.id};
  // Each once: a change scan reads a community as often as it is named.
  std::sort(scope.communities.begin(), scope.communities.end());
  scope.communities.erase(std::unique(scope.communities.begin(), scope.communities.end()),
                          scope.communities.end());
  return scope;
}

}  // namespace hromada::server
