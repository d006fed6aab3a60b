#include "server/scope.h"

#include <algorithm>

namespace hromada::server {

bool MayRead(const Device& device, const v1::Record& record) {
  return record.community_id().empty() ||
         std::find(device.communities.begin(), device.communities.end(), record.community_id()) !=
             device.communities.end();
}

ReadScope ReadScopeOf(const Device& device) {
  ReadScope scope{device.communities, device.id};
  scope.communities.emplace_back();  // shared records have no community
  return scope;
}

}  // namespace hromada::server
