#include "server/sync/scope.h"

#include <algorithm>

#include "shared/sync/conflict.h"

namespace hromada::server {

namespace {

bool ReadsConflicts(const Device& device) {
  return device.role == v1::ROLE_COORDINATOR || device.role == v1::ROLE_NETWORK_COORDINATOR;
}

}  // namespace

bool MayRead(const Device& device, const v1::Record& record) {
  const std::vector<std::string> scopes = ReadScopeOf(device).communities;
  return std::find(scopes.begin(), scopes.end(), record.community_id()) != scopes.end();
}

ReadScope ReadScopeOf(const Device& device) {
  ReadScope scope{device.communities, device.id};
  // Conflicts hold personal values that lost: coordinators review them,
  // field devices never receive them.
  if (ReadsConflicts(device)) {
    for (const std::string& c : device.communities) scope.communities.push_back(ConflictScope(c));
  }
  scope.communities.emplace_back();  // shared records have no community
  // Each once: a change scan reads a community as often as it is named.
  std::sort(scope.communities.begin(), scope.communities.end());
  scope.communities.erase(std::unique(scope.communities.begin(), scope.communities.end()),
                          scope.communities.end());
  return scope;
}

}  // namespace hromada::server
