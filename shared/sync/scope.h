// Who may write what (docs/design.md invariant 7, docs/security.md), one rule
// for both sides: the server enforces it on every pushed change, the client
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
#ifndef HROMADA_SHARED_SYNC_SCOPE_H_
#define HROMADA_SHARED_SYNC_SCOPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"

namespace hromada {

// PERMISSION_DENIED, with a sentence, if a device of `role` enrolled for
// `communities` (16-byte ids) may not write `change`.
absl::Status CheckWriteScope(v1::Role role, const std::vector<std::string>& communities,
                             const v1::Record& change);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_SCOPE_H_
