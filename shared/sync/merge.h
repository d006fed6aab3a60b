// The merge rule, run identically by server and client: per-field
// last-writer-wins under hybrid logical clocks, with tombstones.
//
// Each field's clock is the pair (hlc, device_id), compared hlc first, then
// device_id bytes. Merging takes, per field, the write with the greater
// clock, and the greater of the two tombstones. A tombstone hides fields,
// it does not drop them: a record is deleted when its tombstone is at
// least as new as every field, and a write made after the delete (an
// offline edit that did not know of it) brings the record back whole,
// older fields included. So a valid record never merges into one that
// lacks its required fields, whatever order changes arrive in (the
// alternative, dropping hidden fields, left a live person with a phone
// and no name on some replicas and refused changes on others).
//
// Merge is commutative, associative and idempotent, so replicas that see
// the same changes in any order, with duplicates, reach the same state.
#ifndef HROMADA_SHARED_SYNC_MERGE_H_
#define HROMADA_SHARED_SYNC_MERGE_H_

#include <cstdint>
#include <tuple>

#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada {

using v1::Record;

// The clock of one write: (hlc, device_id), ordered as the rule above
// orders writes. `device` views the record it came from.
struct Stamp {
  uint64_t hlc = 0;
  absl::string_view device;
};
inline bool operator<(const Stamp& a, const Stamp& b) {
  return std::tie(a.hlc, a.device) < std::tie(b.hlc, b.device);
}
inline bool operator==(const Stamp& a, const Stamp& b) {
  return a.hlc == b.hlc && a.device == b.device;
}

// A field's clock in a canonical record: its own where it has one, else
// the record's.
Stamp FieldStamp(const Record& record, const v1::Field& field);
// The record's tombstone ({0, ""} when it has none).
Stamp Tombstone(const Record& record);

// Merges `from` into `*into` (same kind and id). Both must be in canonical
// form (see Canonicalize); `*into` stays canonical. An empty `*into`
// (no kind) takes `from` as it is. Returns true if `*into` changed.
bool Merge(const Record& from, Record* into);

// Brings a record to canonical form: fields sorted by name and unique; the
// record clock is the greatest of the field clocks and the tombstone;
// fields carry their own clock only where it differs from the record
// clock. Fields older than the tombstone are kept (see above).
void Canonicalize(Record* record);

// Turns a change pushed by `device_id` into a canonical record: every field
// and the tombstone are stamped with the change's hlc and that device, and
// its bases (Record.bases) are dropped.
void StampChange(absl::string_view device_id, Record* change);

// True if the record has a tombstone at least as new as all its fields. In
// canonical form that is: the record clock is the tombstone's.
bool IsDeleted(const Record& record);
// The same rule on a canonical record's clocks, for code that reads
// states without parsing them (shared/wire).
bool IsDeletedClock(uint64_t hlc, absl::string_view device_id, uint64_t deleted_hlc,
                    absl::string_view deleted_device_id);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_MERGE_H_
