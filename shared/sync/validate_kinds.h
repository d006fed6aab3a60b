// Checks of a field's value that need its meaning, not only its type:
// a survey's questions parse as a form's, its form key is a key, and a
// response's answers are a JSON object. Context-free: whether answers fit
// their form needs the form, which a change does not carry.
#ifndef HROMADA_SHARED_SYNC_VALIDATE_KINDS_H_
#define HROMADA_SHARED_SYNC_VALIDATE_KINDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hromada/v1/record.pb.h"

namespace hromada {

// OK, or INVALID_ARGUMENT with one sentence about the value of `field` of
// a `kind` record. ValidateChange runs it on every known field whose value
// already has the right type, and attaches the field to the error.
absl::Status CheckKindField(absl::string_view kind, absl::string_view field,
                            const v1::Value& value);

// True for a SHA-256 digest as attachments name it: 64 lower-case hex
// digits.
bool IsSha256Hex(absl::string_view text);

// A status with `message` that names `field` (read back with ErrorField).
absl::Status FieldError(absl::string_view field, std::string message,
                        absl::StatusCode code = absl::StatusCode::kInvalidArgument);

}  // namespace hromada

#endif  // HROMADA_SHARED_SYNC_VALIDATE_KINDS_H_
