// JSON forms of the public types, for the C API and the CLI's --json.
// A record: {"kind", "id", "community_id", "updated_ms", "fields": {...}}
// with field values as JSON text, numbers, true/false or null; record ids
// (ref fields) as UUID text. Stateless; thread-safe.
#ifndef HROMADA_CLIENT_SRC_JSON_H_
#define HROMADA_CLIENT_SRC_JSON_H_

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hromada/client.h"
#include "hromada/record.h"

namespace hromada::client {

nlohmann::json ToJson(const Value& value);
nlohmann::json ToJson(const RecordView& record);
nlohmann::json ToJson(const ClientStatus& status);
nlohmann::json ToJson(const SyncReport& report);
nlohmann::json ToJson(const RejectedChange& change);
// {"id", "record_kind", "record_id", "sha256", "size", "media_type",
//  "file_name", "on_device", "sent"}.
nlohmann::json ToJson(const AttachmentInfo& attachment);
// {"state": "synced"|"waiting"|"refused", "synced_ms", "waiting",
//  "refusal", "text"}; "text" is SyncText's sentence.
nlohmann::json ToJson(const RecordSync& sync);
// "synced at 2026-05-01 10:30 UTC" (or "synced (received from the
// server)"), "waiting (2 changes)", "refused: <reason>".
std::string SyncText(const RecordSync& sync);

// Fields of `kind` from a JSON object: null clears; text is parsed by the
// field's type (as ParseValueText); a JSON integer for a number field
// becomes a number. INVALID_ARGUMENT for anything but an object of
// scalars, or a value that does not fit its field.
absl::StatusOr<Fields> FieldsFromJson(absl::string_view kind, const nlohmann::json& object);
// The same from JSON text; INVALID_ARGUMENT if it does not parse.
absl::StatusOr<Fields> FieldsFromJsonText(absl::string_view kind, absl::string_view text);

}  // namespace hromada::client

#endif  // HROMADA_CLIENT_SRC_JSON_H_
