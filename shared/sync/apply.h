// The one rule for applying a change to a replica (docs/design.md invariant 9).
// The server runs it for every pushed change and every admin write, the
// client for every local edit; bundles run it too. The order is fixed and
// written only here:
//
//   validate   the change on its own (ValidateChange): kinds, ids, values;
//   clock      not stamped too far ahead of the applying replica's time;
//   scope      the writer's role and communities allow it, and a record
//              never moves to another community;
//   stamp      every field and the tombstone get the change's clock and
//              the writer's device id;
//   merge      into the current state (shared/sync/merge.h); nothing new, no
//              write;
//   required   a live merged record has its required fields;
//   references the records its reference fields name exist here and
//              belong to its community (or are shared), and a survey
//              response fits its form (ValidateReferences);
//   write      the merged state, and (where conflicts are kept) one
//              `conflict` record per losing write, in the same transaction.
//
// Whether a change is refused depends only on the change, the writer and
// the records it names, never on which other changes came first: a
// tombstone keeps the fields it hides (merge.h), so no sequence of valid
// changes merges into a record without its required fields, and a
// reference to a deleted record is accepted (an offline device cannot know
// of the delete; reports skip it).
#ifndef HROMADA_SHARED_SYNC_APPLY_H_
#define HROMADA_SHARED_SYNC_APPLY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"
#include "hromada/v1/sync.pb.h"

namespace hromada {

// The few storage primitives both replicas have, inside one transaction
// that the caller owns and commits. Errors are storage errors.
class ReplicaTxn {
 public:
  virtual ~ReplicaTxn() = default;
  // The state of (kind, id), live or deleted; nullopt if there is none.
  virtual absl::StatusOr<std::optional<v1::Record>> Get(absl::string_view kind,
                                                        absl::string_view id) = 0;
  // Writes `record` (canonical) if no record (kind, id) exists; false, and
  // nothing written, if one does.
  virtual absl::StatusOr<bool> InsertIfAbsent(const v1::Record& record) = 0;
  // Writes `record` (canonical), replacing the state of (kind, id).
  virtual absl::Status Put(const v1::Record& record) = 0;
  // The community of (kind, id), live or deleted; nullopt if there is
  // none. What a reference check reads: a replica whose rows keep the
  // community beside the state overrides it to skip opening the state.
  virtual absl::StatusOr<std::optional<std::string>> CommunityOf(absl::string_view kind,
                                                                 absl::string_view id) {
    absl::StatusOr<std::optional<v1::Record>> record = Get(kind, id);
    if (!record.ok()) return record.status();
    if (!record->has_value()) return std::nullopt;
    return (*record)->community_id();
  }
};

// Who applies the change: the device that wrote it, or the server itself.
struct Writer {
  std::string device_id;  // 16 bytes; stamps the change's fields
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::vector<std::string> communities;  // 16-byte ids it may write
  // No role or community limits: the server's admin commands, and a
  // device before enrolment (its scope is not known yet; the server checks
  // the change again when it is pushed).
  bool unrestricted = false;
};

struct ApplyLimits {
  // The applying replica's time, and how far ahead of it a change may be
  // stamped. A device applying its own edit does not check its clock.
  bool check_clock = true;
  int64_t now_ms = 0;
  int64_t max_clock_ahead_ms = 0;
  // A whole new record is written with one InsertIfAbsent instead of a Get
  // and a Put. Same outcome (apply_property_test checks it); off only to
  // compare.
  bool fast_new_records = true;
  // Non-empty: each write that loses to a concurrent one is kept as a
  // `conflict` record (shared/sync/conflict.h) stamped by this device id, in the
  // caller's transaction, through this same rule. The server sets it; a
  // device's own edits never lose to what it has seen.
  std::string conflict_writer = {};
  // With conflict_writer: the name of a writing device for its side of a
  // conflict record ("" if not known). Unset: no names.
  std::function<std::string(absl::string_view device_id)> device_name = nullptr;
};

// What became of a change that the storage did not fail on.
struct Applied {
  // OK, or why the change is refused (INVALID_ARGUMENT, PERMISSION_DENIED,
  // FAILED_PRECONDITION for a clock too far ahead), naming the field in the
  // payload (validate.h ErrorField). A refused change wrote nothing.
  absl::Status refusal;
  bool changed = false;  // the record's state was written
  int conflicts = 0;     // conflict records written (ApplyLimits::conflict_writer)
};

// Applies `*change` (a change as a device writes it: one clock in `hlc`,
// no field clocks, no device_id, perhaps bases) through the rule above.
// The change is stamped in place and its bases taken out (kind and id stay
// as they are). A non-OK result is a
// storage error: abort the transaction.
absl::StatusOr<Applied> ApplyChange(ReplicaTxn& txn, const Writer& writer, v1::Record* change,
                                    const ApplyLimits& limits);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_APPLY_H_
