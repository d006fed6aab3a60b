#include "shared/sync/scope.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "shared/sync/conflict.h"
#include "shared/sync/schema.h"

namespace hromada {
namespace {

// A conflict record's community_id is its community's ConflictScope.
bool InCommunities(const std::vector<std::string>& communities, const v1::Record& change) {
  for (const std::string& c : communities) {
    if (change.kind() == "conflict" ? ConflictScope(c) == change.community_id()
                                    : c == change.community_id()) {
      return true;
    }
  }
  return false;
}

bool ReadsConflicts(v1::Role role) {
  return role == v1::ROLE_COORDINATOR || role == v1::ROLE_NETWORK_COORDINATOR;
}

}  // namespace

absl::Status CheckWriteScope(v1::Role role, const std::vector<std::string>& communities,
                             const v1::Record& change) {
  const KindSpec* kind = FindKind(change.kind());
  if (kind != nullptr && kind->shared) {
    if (role != v1::ROLE_NETWORK_COORDINATOR) {
      return absl::PermissionDeniedError(
          absl::StrCat("only a network coordinator may change ", change.kind(), " records"));
    }
    return absl::OkStatus();
  }
  if (role != v1::ROLE_FIELD && role != v1::ROLE_COORDINATOR &&
      role != v1::ROLE_NETWORK_COORDINATOR) {
    return absl::PermissionDeniedError("this device has no role that may write records");
  }
  if (kind != nullptr && kind->coordinator_only && role == v1::ROLE_FIELD) {
    return absl::PermissionDeniedError(
        absl::StrCat("only a coordinator may write ", change.kind(), " records"));
  }
  // The id is not named: it may be another community's.
  if (!InCommunities(communities, change)) {
    return absl::PermissionDeniedError(
        absl::StrCat("this device may not write ", change.kind(),
                     " records of that community: it is outside the device's communities"));
  }
  return absl::OkStatus();
}

bool ReadScope::Reads(absl::string_view community_id) const {
  return std::find(community_ids.begin(), community_ids.end(), community_id) != community_ids.end();
}

bool ReadScope::Widens(const ReadScope& before) const {
  return std::any_of(community_ids.begin(), community_ids.end(),
                     [&](const std::string& c) { return !before.Reads(c); });
}

ReadScope ReadScopeOf(v1::Role role, const std::vector<std::string>& communities) {
  ReadScope scope{communities};
  if (ReadsConflicts(role)) {
    for (const std::string& c : communities) scope.community_ids.push_back(ConflictScope(c));
  }
  scope.community_ids.emplace_back();  // shared records have no community
  return scope;
}

}  // namespace hromada
