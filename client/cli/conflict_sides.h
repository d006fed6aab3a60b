// Conflicts as a coordinator reads and resolves them, written once for
// `hromada conflicts` (client/cli/conflicts.cc) and the web screen
// (client/ui/api_coordinators.cc). A conflict record (shared/sync/conflict.h,
// docs/protocol.md "Conflicts") keeps two sides of one field: "kept", the
// value the record has now, and "lost", the concurrent write that lost.
// Each side names the device that wrote it by id, and by the name the
// server knew it by when it kept the conflict (absent from conflicts kept
// by servers before names, or from a device enrolled a minute before).
// Stateless; thread-safe as Client is.
#ifndef HROMADA_CLIENT_CLI_CONFLICT_SIDES_H_
#define HROMADA_CLIENT_CLI_CONFLICT_SIDES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/client.h"
#include "hromada/record.h"

namespace hromada::cli {

// One side of a conflict.
struct ConflictSide {
  bool deleted = false;  // this side deleted the record
  bool damaged = false;  // the stored value does not parse (shown as "?")
  // The field's value as that side wrote it (Null: cleared); nullopt when
  // deleted, damaged, or when the conflict is about the whole record.
  std::optional<Value> value;
  std::string device;       // the writing device's id (canonical UUID text)
  std::string device_name;  // its name, "" if the conflict record has none
  int64_t at_ms = 0;        // when it was written, unix ms in server time
};

// `which` is "kept" (the value the record has now) or "lost".
ConflictSide SideOf(const RecordView& conflict, absl::string_view which);

// The open conflicts on the device (state "open"), in store order.
absl::StatusOr<std::vector<RecordView>> OpenConflicts(Client& client);

// Resolves `conflict` by writing the side `keep` names ("lost": bring
// back the value that lost; "current": keep the value the record has now)
// again as a new edit, so it wins over both, and marking the conflict
// resolved (which syncs to every coordinator). INVALID_ARGUMENT for
// another `keep`; FAILED_PRECONDITION if it is resolved already; DATA_LOSS
// for a damaged value; the Client's errors as they are.
absl::Status ResolveConflict(Client& client, const RecordView& conflict, absl::string_view keep);

}  // namespace hromada::cli

#endif  // HROMADA_CLIENT_CLI_CONFLICT_SIDES_H_
