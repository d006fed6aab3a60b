// Conversions between the public value types (hromada/record.h) and the
// wire's (hromada.v1.Record, Value). Stateless; thread-safe.
#ifndef HROMADA_CLIENT_SRC_STORE_VALUES_H_
#define HROMADA_CLIENT_SRC_STORE_VALUES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/record.h"
#include "hromada/v1/record.pb.h"

namespace hromada::client {

// The 16 bytes of the id in `text`; INVALID_ARGUMENT naming `what` if it
// is not a UUID.
absl::StatusOr<std::string> ParseId(absl::string_view text, absl::string_view what);

// A public value as a wire value; an unset wire value for Null.
// INVALID_ARGUMENT for a Ref that is not a UUID.
absl::StatusOr<v1::Value> ToWire(absl::string_view field, const Value& value);
Value FromWire(const v1::Value& value);

// A change (kind, id, community, fields) in the store's input form.
absl::StatusOr<v1::Record> ToChange(absl::string_view kind, absl::string_view id_bytes,
                                    absl::string_view community_id, const Fields& fields);

// A value typed by a person, parsed by the type of `field` in `kind`'s
// schema: whole number, number, yes/no (yes/no/true/false/1/0, так/ні),
// record id (UUID text), text for dates, choices, text and fields the
// schema does not know. Empty text is Null (clears the field).
// INVALID_ARGUMENT, naming the field, when the text does not fit.
absl::StatusOr<Value> ParseValueText(absl::string_view kind, absl::string_view field,
                                     absl::string_view text);

RecordView ToView(const v1::Record& record);
Fields FieldsOf(const v1::Record& record);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_STORE_VALUES_H_
