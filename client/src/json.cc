#include "client/src/json.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/src/store/values.h"
#include "shared/sync/schema.h"

namespace hromada::client {

using nlohmann::json;

json ToJson(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* n = std::get_if<int64_t>(&value)) return *n;
  if (const auto* x = std::get_if<double>(&value)) return *x;
  if (const auto* b = std::get_if<bool>(&value)) return *b;
  if (const auto* ref = std::get_if<Ref>(&value)) return ref->id;
  return nullptr;
}

json ToJson(const RecordView& record) {
  json fields = json::object();
  for (const auto& [name, value] : record.fields) fields[name] = ToJson(value);
  return json{{"kind", record.kind},
              {"id", record.id},
              {"community_id", record.community_id},
              {"updated_ms", record.updated_ms},
              {"fields", std::move(fields)}};
}

json ToJson(const ClientStatus& s) {
  const char* role = s.role == Role::kNetworkCoordinator ? "network-coordinator"
                     : s.role == Role::kCoordinator      ? "coordinator"
                     : s.role == Role::kField            ? "field"
                                                         : "";
  return json{{"enrolled", s.enrolled},
              {"server_url", s.server_url},
              {"device_id", s.device_id},
              {"role", role},
              {"communities", s.communities},
              {"pending_changes", s.pending_changes},
              {"rejected", s.rejected},
              {"last_sync_ms", s.last_sync_ms ? json(*s.last_sync_ms) : json(nullptr)},
              {"clock_offset_ms", s.clock_offset_ms},
              {"cursor", s.cursor},
              {"last_error", s.last_error},
              {"tls",
               {{"insecure", s.tls.insecure},
                {"private_ca", !s.tls.ca_pem.empty()},
                {"pinned_public_key", s.tls.pinned_public_key}}}};
}

json ToJson(const SyncReport& r) {
  return json{{"pushed", r.pushed},
              {"acked", r.acked},
              {"rejected", r.rejected},
              {"pulled", r.pulled},
              {"bytes_up", r.bytes_up},
              {"bytes_down", r.bytes_down},
              {"calls", r.calls},
              {"duration_ms", absl::ToInt64Milliseconds(r.duration)},
              {"attachments_sent", r.attachments_sent},
              {"attachment_bytes", r.attachment_bytes},
              {"attachment_error", r.attachment_error}};
}

json ToJson(const AttachmentInfo& a) {
  return json{{"id", a.id},
              {"record_kind", a.record_kind},
              {"record_id", a.record_id},
              {"sha256", a.sha256},
              {"size", a.size},
              {"media_type", a.media_type},
              {"file_name", a.file_name},
              {"on_device", a.on_device},
              {"sent", a.sent}};
}

json ToJson(const RejectedChange& c) {
  json fields = json::object();
  for (const auto& [name, value] : c.fields) fields[name] = ToJson(value);
  return json{{"device_seq", c.device_seq},
              {"kind", c.kind},
              {"id", c.id},
              {"community_id", c.community_id},
              {"is_delete", c.is_delete},
              {"fields", std::move(fields)},
              {"code", static_cast<int>(c.code)},
              {"field", c.field},
              {"message", c.message},
              {"at_ms", c.at_ms}};
}

std::string SyncText(const RecordSync& sync) {
  switch (sync.state) {
    case RecordSync::State::kWaiting:
      return absl::StrCat("waiting (", sync.waiting, sync.waiting == 1 ? " change)" : " changes)");
    case RecordSync::State::kRefused:
      return absl::StrCat("refused: ", sync.refusal);
    case RecordSync::State::kSynced:
      break;
  }
  if (sync.synced_ms == 0) return "synced (received from the server)";
  return absl::StrCat("synced at ",
                      absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixMillis(sync.synced_ms),
                                       absl::UTCTimeZone()));
}

json ToJson(const RecordSync& sync) {
  const char* state = sync.state == RecordSync::State::kWaiting   ? "waiting"
                      : sync.state == RecordSync::State::kRefused ? "refused"
                                                                  : "synced";
  return json{{"state", state},
              {"synced_ms", sync.synced_ms},
              {"waiting", sync.waiting},
              {"refusal", sync.refusal},
              {"text", SyncText(sync)}};
}

namespace {

absl::StatusOr<Value> ValueFromJson(absl::string_view kind, const std::string& name,
                                    const json& v) {
  const KindSpec* kind_spec = FindKind(kind);
  const FieldSpec* spec = kind_spec ? kind_spec->Find(name) : nullptr;
  if (v.is_null()) return Null{};
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer() || v.is_number_unsigned()) {
    if (spec != nullptr && spec->type == FieldType::kReal) return v.get<double>();
    return v.get<int64_t>();
  }
  if (v.is_number_float()) return v.get<double>();
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    if (text.empty()) return std::string();  // "" is text, not a clear, in JSON
    return ParseValueText(kind, name, text);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", name, "' must be text, a number, true/false or null"));
}

}  // namespace

absl::StatusOr<Fields> FieldsFromJson(absl::string_view kind, const json& object) {
  if (!object.is_object()) {
    return absl::InvalidArgumentError("the fields must be a JSON object of name: value");
  }
  Fields fields;
  for (const auto& [name, v] : object.items()) {
    absl::StatusOr<Value> value = ValueFromJson(kind, name, v);
    if (!value.ok()) return value.status();
    fields.emplace(name, *std::move(value));
  }
  return fields;
}

absl::StatusOr<Fields> FieldsFromJsonText(absl::string_view kind, absl::string_view text) {
  json parsed = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return absl::InvalidArgumentError("the fields are not valid JSON");
  }
  return FieldsFromJson(kind, parsed);
}

}  // namespace hromada::client
