// The record view: a serialized hromada.v1.Record read in place, its bytes
// fields as views into the buffer and no message built. Reports read a
// million records this way; a parse into messages allocates for every field
// (docs/performance.md). Unknown fields are skipped, as protobuf skips them.
//
// Thread-compatible: a view is filled by one thread; reading the same
// bytes into different views from several threads is fine.
#ifndef HROMADA_SHARED_SYNC_WIRE_RECORD_VIEW_H_
#define HROMADA_SHARED_SYNC_WIRE_RECORD_VIEW_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada::wire {

struct ValueView {
  v1::Value::VCase kind = v1::Value::V_NOT_SET;  // V_NOT_SET: cleared
  absl::string_view bytes;                       // text or ref
  int64_t integer = 0;
  double real = 0;
  bool flag = false;

  absl::string_view text() const { return kind == v1::Value::kText ? bytes : ""; }
  absl::string_view ref() const { return kind == v1::Value::kRef ? bytes : ""; }
};

struct FieldView {
  absl::string_view name;
  ValueView value;
  uint64_t hlc = 0;  // 0: written at the record's clock
  absl::string_view device_id;
};

struct RecordView {
  absl::string_view kind, id, community_id;
  uint64_t hlc = 0;
  absl::string_view device_id;
  uint64_t deleted_hlc = 0;  // tombstone; 0 = none
  absl::string_view deleted_device_id;
  std::vector<FieldView> fields;

  // Deleted: a tombstone no field's clock is after. In canonical form the
  // record's clock is the greatest of its fields' and the tombstone, so
  // this is the tombstone being the record's clock (merge.h IsDeleted). A
  // deleted record may still carry the fields its tombstone hides.
  bool deleted() const {
    return deleted_hlc != 0 && hlc == deleted_hlc && device_id == deleted_device_id;
  }
};

// Reads `bytes` into `*out`, reusing the storage of its field list; the
// views point into `bytes`, which must outlive them. False if the bytes are
// not a well-formed Record (`*out` is then unspecified). Text is not
// checked for UTF-8 here: records are validated where they are applied.
bool ReadRecordView(absl::string_view bytes, RecordView* out);

}  // namespace hromada::wire

#endif  // HROMADA_SHARED_SYNC_WIRE_RECORD_VIEW_H_
