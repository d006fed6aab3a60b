// The merge rule, run identically by server and client: per-field
// last-writer-wins under hybrid logical clocks, with tombstones.
//
// Each field's clock is the pair (hlc, device_id), compared hlc first, then
// device_id bytes. Merging takes, per field, the write with the greater
// clock; the tombstone is the greater of the two tombstones; a field whose
// clock is not greater than the tombstone is hidden and dropped. A record
// is deleted when it has a tombstone and no field survives it, so a write
// after a delete brings the record back with just the newer fields.
//
// Merge is commutative, associative and idempotent, so replicas that see
// the same changes in any order, with duplicates, reach the same state.
#ifndef HROMADA_SHARED_MERGE_H_
#define HROMADA_SHARED_MERGE_H_

#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada {

using v1::Record;

// Merges `from` into `*into` (same kind and id). Both must be in canonical
// form (see Canonicalize); `*into` stays canonical. An empty `*into`
// (no kind) takes `from` as it is. Returns true if `*into` changed.
bool Merge(const Record& from, Record* into);

// Brings a record to canonical form: fields sorted by name and unique; the
// record clock is the greatest field clock (or the tombstone's when no
// field is left); fields carry their own clock only where it differs from
// the record clock; fields hidden by the tombstone are dropped.
void Canonicalize(Record* record);

// Turns a change pushed by `device_id` into a canonical record: every field
// and the tombstone are stamped with the change's hlc and that device.
void StampChange(absl::string_view device_id, Record* change);

bool IsDeleted(const Record& record);

}  // namespace hromada

#endif  // HROMADA_SHARED_MERGE_H_
