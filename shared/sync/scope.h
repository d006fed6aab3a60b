// Scope (docs/design.md invariant 7, docs/security.md): who may write what and
// who reads what, one rule each for both sides.
//
// Write scope: the server enforces it on every pushed change, the client
// checks an edit against it before the edit reaches the outbox.
//
//   role                 its communities' records   person_merge there   shared kinds
//   field                yes                         no                   no
//   coordinator          yes                         yes                  no
//   network coordinator  yes                         yes                  yes
//
// Shared kinds are communities and survey forms. The admin writes through
// the server CLI, which does not run this check (an unrestricted writer).
// A refusal names the kind or the rule, never another community's id.
//
// Read scope: the server pulls (and answers refusals and attachment calls)
// within it; the device drops the conflicts it no longer reads when its
// role or communities change, and pulls again from the start when its
// scope widens.
//
//   role                 its communities' records   their conflicts   shared kinds
//   field                yes                         no                yes
//   coordinator          yes                         yes               yes
//   network coordinator  yes                         yes               yes
//
// Conflicts hold personal values that lost (shared/sync/conflict.h):
// coordinators review them, field devices never receive them.
//
// Stateless; thread-safe.
#ifndef HROMADA_SHARED_SYNC_SCOPE_H_
#define HROMADA_SHARED_SYNC_SCOPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"

namespace hromada {

// PERMISSION_DENIED, with a sentence, if a device of `role` enrolled for
// `communities` (16-byte ids) may not write `change`.
absl::Status CheckWriteScope(v1::Role role, const std::vector<std::string>& communities,
                             const v1::Record& change);

// What a replica reads, by the community_id its records carry.
struct ReadScope {
  // Each community (16-byte ids), then for a coordinator each community's
  // ConflictScope, then "" for the shared records (no community).
  std::vector<std::string> community_ids;

  bool Reads(absl::string_view community_id) const;
  bool Reads(const v1::Record& record) const { return Reads(record.community_id()); }
  // True if this scope reads records that `before` did not: a device
  // whose scope widened pulls again from the start, as what it now reads
  // may lie behind its cursor.
  bool Widens(const ReadScope& before) const;
};

// The read scope of a device of `role` enrolled for `communities`.
ReadScope ReadScopeOf(v1::Role role, const std::vector<std::string>& communities);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_SCOPE_H_
