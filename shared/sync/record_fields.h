// Reading one field of a record on the wire (v1::Record), for the code on
// either side that needs a field or two without turning the whole record
// into a map: a form's questions, an attachment's size, a community's
// names. Records hold at most a few dozen fields, so a field is found by
// walking them. Stateless; thread-safe.
#ifndef HROMADA_SHARED_SYNC_RECORD_FIELDS_H_
#define HROMADA_SHARED_SYNC_RECORD_FIELDS_H_

#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada {

// The value of the field named `name`, or nullptr when `record` has no
// such field. Borrowed from `record`: valid while it is unchanged.
const v1::Value* FindField(const v1::Record& record, absl::string_view name);

// The text of the field named `name`: "" when it is absent or holds
// something other than text. Borrowed from `record` as FindField's value.
absl::string_view TextOf(const v1::Record& record, absl::string_view name);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_RECORD_FIELDS_H_
