// A serialized canonical hromada.v1.Record read in place: ids, community
// and field values as views into the bytes, with no message built. Reports
// read a million records this way (a parse into messages allocates for
// every field). Private to shared/report/; protobuf's CodedInputStream does
// the wire decoding.
#ifndef HROMADA_SHARED_REPORT_STATE_VIEW_H_
#define HROMADA_SHARED_REPORT_STATE_VIEW_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada::report {

struct ValueView {
  v1::Value::VCase kind = v1::Value::V_NOT_SET;
  absl::string_view bytes;  // text or ref
  int64_t integer = 0;
  double real = 0;
  bool flag = false;

  absl::string_view text() const { return kind == v1::Value::kText ? bytes : ""; }
  absl::string_view ref() const { return kind == v1::Value::kRef ? bytes : ""; }
};

struct FieldView {
  absl::string_view name;
  ValueView value;
};

struct StateView {
  absl::string_view id, community_id;
  bool deleted = false;  // a tombstone with no live field (merge.h IsDeleted)
  std::vector<FieldView> fields;
};

// Reads `state` into `*out` (reusing its storage); the views point into
// `state`. False if the bytes are not a well-formed record.
bool ReadState(absl::string_view state, StateView* out);

}  // namespace hromada::report

#endif  // HROMADA_SHARED_REPORT_STATE_VIEW_H_
