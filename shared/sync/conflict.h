// Concurrent edits that lose under the merge rule (docs/protocol.md,
// "Conflicts"). Per-field last-writer-wins converges, but the losing value
// of two concurrent edits vanishes; the apply rule (shared/sync/apply.h) calls
// FindLostEdits before it merges, and a replica that keeps conflicts (the
// server) writes each as a `conflict` record for coordinators to review.
//
// Two writes are concurrent when neither writer had seen the other's:
//   - an incoming write older than the stored one (by hybrid logical
//     clocks its writer had not seen the stored write: it would have
//     stamped after it);
//   - an incoming write that wins over a stored write its writer had not
//     seen: the change's base for that field (Record.bases) is not the
//     stored write's clock. A change without bases (an older device) is
//     taken as sequential here: no conflict is invented.
// A device's own earlier writes are always seen by it. Equal values lose
// nothing. A delete and an edit conflict the same way: an edit hidden by a
// delete its writer had not seen, a delete that hides values its writer
// had not seen, or a delete undone by an edit whose writer had not seen it.
//
// Pure functions; thread-safe.
#ifndef HROMADA_SHARED_SYNC_CONFLICT_H_
#define HROMADA_SHARED_SYNC_CONFLICT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada {

// One side of a conflict: a field's value, or (field "") the record's
// being deleted or live.
struct ConflictSide {
  bool deleted = false;  // the record deleted (then `value` is unset)
  v1::Value value;       // the field's value (unset: cleared), when not deleted
  uint64_t hlc = 0;
  std::string device_id;  // 16 bytes
  // The writing device's name as the server knows it ("" if not known):
  // a coordinator tells the sides apart by it (conflict records carry it
  // as `<side>_device_name`).
  std::string device_name;
};

// A write that lost to a concurrent one.
struct LostEdit {
  std::string field;  // "" : the record's deletion state
  ConflictSide kept, lost;
};

// The writes that lose when `change` (stamped, canonical; bases taken out
// into `bases`) merges into `stored` (canonical, or nullptr if there is no
// record). The change is not yet merged.
std::vector<LostEdit> FindLostEdits(const v1::Record* stored, const v1::Record& change,
                                    const google::protobuf::RepeatedPtrField<v1::Base>& bases);

// Whether conflicts over records of `kind` are kept: kinds that belong to
// one community, but not `conflict` itself.
bool KeepsConflicts(absl::string_view kind);

// The read scope of the conflicts of `community_id` (16 bytes): a
// `conflict` record carries it as its community_id, so that only devices
// given this scope (coordinators of that community) pull it.
std::string ConflictScope(absl::string_view community_id);

// A conflict record's change (kind `conflict`, unstamped, hlc unset) for
// `lost` on `record`. Its id is fixed by the record, field and losing
// write, so the same loss makes the same record.
v1::Record ConflictChange(const v1::Record& record, const LostEdit& lost);

// A field value as the JSON text a conflict record keeps: {"text":…},
// {"integer":…}, {"real":…}, {"flag":…}, {"ref":"<uuid>"}, or null for a
// cleared value.
std::string ValueJson(const v1::Value& value);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_CONFLICT_H_
