// Who may write what (DESIGN.md invariant 7), one rule for both sides: the
// server enforces it on every pushed change, the client checks an edit
// against it before the edit reaches the outbox. A device writes records
// of its own communities; only a coordinator writes shared kinds
// (communities, survey forms) and person merges (in its communities).
#ifndef HROMADA_SHARED_SCOPE_H_
#define HROMADA_SHARED_SCOPE_H_

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

#endif  // HROMADA_SHARED_SCOPE_H_
