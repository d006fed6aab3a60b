#include "shared/scope.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "shared/schema.h"
#include "shared/uuid.h"

namespace hromada {

absl::Status CheckWriteScope(v1::Role role, const std::vector<std::string>& communities,
                             const v1::Record& change) {
  const KindSpec* kind = FindKind(change.kind());
  if (kind != nullptr && kind->shared) {
    if (role != v1::ROLE_COORDINATOR) {
      return absl::PermissionDeniedError(
          absl::StrCat("only a coordinator may change ", change.kind(), " records"));
    }
    return absl::OkStatus();
  }
  if (kind != nullptr && kind->coordinator_only && role != v1::ROLE_COORDINATOR) {
    return absl::PermissionDeniedError(
        absl::StrCat("only a coordinator may write ", change.kind(), " records"));
  }
  if (std::find(communities.begin(), communities.end(), change.community_id()) ==
      communities.end()) {
    return absl::PermissionDeniedError(absl::StrCat("community ", IdToString(change.community_id()),
                                                    " is outside this device's communities"));
  }
  return absl::OkStatus();
}

}  // namespace hromada
