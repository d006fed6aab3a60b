// Public value types of the hromada field client: a record as the
// application sees it (RecordView), its field values (Value, Fields), an
// edit to write (Edit) and a file attached to a record (AttachmentInfo),
// and the functions that make record ids. No protobuf here: these are
// plain C++ values, copyable, thread-compatible (read one from several
// threads; a thread writing one must be its only user meanwhile); the
// functions are thread-safe. Installed; needs only Abseil's headers
// besides this folder.
//
// Ids are canonical UUID text ("8-4-4-4-12", lower-case hex). A record's
// fields map a name to a Value; a Value holding Null clears the field.
#ifndef HROMADA_CLIENT_INCLUDE_HROMADA_RECORD_H_
#define HROMADA_CLIENT_INCLUDE_HROMADA_RECORD_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/export.h"

namespace hromada {

// No value: in a Put, clears the field.
struct Null {
  friend bool operator==(Null, Null) { return true; }
};

// A reference to another record, by its id (canonical UUID text).
struct Ref {
  std::string id;
  friend bool operator==(const Ref& a, const Ref& b) { return a.id == b.id; }
};

// One field value: text (also dates and choices), whole number, number,
// yes/no, or a reference to another record.
using Value = std::variant<Null, std::string, int64_t, double, bool, Ref>;

// Field name -> value, sorted by name.
using Fields = std::map<std::string, Value>;

// A record's current local state.
struct RecordView {
  std::string kind;
  std::string id;            // canonical UUID text
  std::string community_id;  // canonical UUID text; empty for shared kinds
  Fields fields;             // only fields that hold a value
  // Milliseconds since the epoch of the last write to any field (from the
  // record's hybrid logical clock).
  int64_t updated_ms = 0;
};

// One edit for Client::Put/PutAll. Fields not named are left as they
// are; a Null value clears a field.
struct Edit {
  std::string kind;
  std::string id;            // empty: a new UUIDv7 is generated
  std::string community_id;  // required for a new record of a non-shared kind
  Fields fields;
};

// A file attached to a record (Client::AddAttachment).
struct AttachmentInfo {
  std::string id;           // the attachment record's id
  std::string record_kind;  // what it is attached to
  std::string record_id;
  std::string sha256;  // 64 lower-case hex digits
  uint64_t size = 0;   // bytes
  std::string media_type;
  std::string file_name;
  bool on_device = false;  // its bytes are here (else GetAttachment fetches them)
  bool sent = false;       // the server holds its bytes
};

// The value as text for people: text as is, numbers in decimal, yes/no,
// ids as UUID text, "" for Null.
HROMADA_EXPORT std::string ValueToText(const Value& value);

// The id of the attendance record of `person_id` at `meeting_id`: a UUIDv5
// in hromada's namespace over the two ids' 16 bytes each, so every device
// that marks the same person at the same meeting makes the same record.
// INVALID_ARGUMENT if either id is not a UUID.
HROMADA_EXPORT absl::StatusOr<std::string> AttendanceId(absl::string_view meeting_id,
                                                        absl::string_view person_id);

// A new time-ordered record id (UUIDv7) as canonical text.
HROMADA_EXPORT std::string NewRecordId();

}  // namespace hromada

#endif  // HROMADA_CLIENT_INCLUDE_HROMADA_RECORD_H_
