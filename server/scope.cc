#include "server/scope.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "shared/schema.h"
#include "shared/uuid.h"

namespace hromada::server {

absl::Status CheckWriteScope(const Device& device, const v1::Record& change,
                             const v1::Record* existing) {
  const KindSpec* kind = FindKind(change.kind());
  if (kind != nullptr && kind->shared) {
    if (device.role != v1::ROLE_COORDINATOR) {
      return absl::PermissionDeniedError(
          absl::StrCat("only a coordinator may change ", change.kind(), " records"));
    }
    return absl::OkStatus();
  }
  const auto& mine = device.communities;
  if (std::find(mine.begin(), mine.end(), change.community_id()) == mine.end()) {
    return absl::PermissionDeniedError(absl::StrCat("community ", IdToString(change.community_id()),
                                                    " is outside this device's communities"));
  }
  if (existing != nullptr && existing->community_id() != change.community_id()) {
    return absl::InvalidArgumentError(absl::StrCat("this ", change.kind(), " belongs to community ",
                                                   IdToString(existing->community_id()),
                                                   "; a record cannot move"));
  }
  return absl::OkStatus();
}

ReadScope ReadScopeOf(const Device& device) { return ReadScope{device.communities, device.id}; }

}  // namespace hromada::server
