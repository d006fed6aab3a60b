#include "server/scope.h"

#include "absl/strings/str_cat.h"
#include "shared/scope.h"
#include "shared/uuid.h"

namespace hromada::server {

absl::Status CheckWriteScope(const Device& device, const v1::Record& change,
                             const v1::Record* existing) {
  if (absl::Status s = hromada::CheckWriteScope(device.role, device.communities, change); !s.ok()) {
    return s;
  }
  if (existing != nullptr && existing->community_id() != change.community_id()) {
    return absl::InvalidArgumentError(absl::StrCat("this ", change.kind(), " belongs to community ",
                                                   IdToString(existing->community_id()),
                                                   "; a record cannot move"));
  }
  return absl::OkStatus();
}

ReadScope ReadScopeOf(const Device& device) {
  ReadScope scope{device.communities, device.id};
  scope.communities.emplace_back();  // shared records have no community
  return scope;
}

}  // namespace hromada::server
