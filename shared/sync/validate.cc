#include "shared/sync/validate.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "shared/base/hidden_characters.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"
#include "shared/sync/hlc.h"
#include "shared/sync/merge.h"
#include "shared/sync/schema.h"
#include "shared/sync/validate_kinds.h"

namespace hromada {

constexpr absl::string_view kFieldPayload = "type.hromada/field";

absl::Status FieldError(absl::string_view field, std::string message, absl::StatusCode code) {
  absl::Status status(code, message);
  status.SetPayload(kFieldPayload, absl::Cord(field));
  return status;
}

namespace {

// Fields whose text may run over several lines: newline and tab are allowed
// there, as in unknown fields (a newer schema's). Every other C0 or C1
// control character is refused everywhere: text reaches other people's
// terminals and spreadsheets, where ESC and CSI rewrite what they show.
bool IsMultiLine(absl::string_view field) {
  return field == "notes" || field == "topics" || field == "questions" || field == "answers";
}

absl::Status CheckControls(absl::string_view name, absl::string_view text, bool multi_line) {
  if (std::optional<HiddenCharacter> hidden = FindHiddenCharacter(text, multi_line)) {
    return FieldError(name, absl::StrCat("'", name, "' ", HiddenCharacterRefusal(*hidden)));
  }
  const std::optional<int32_t> cp = FindControl(text, multi_line);
  if (!cp) return absl::OkStatus();
  return FieldError(name, absl::StrCat("'", name, "' holds a control character (U+",
                                       absl::Hex(*cp, absl::kZeroPad4),
                                       multi_line ? "); only newline and tab are allowed"
                                                  : "); it must be one line of plain text"));
}

bool IsFieldName(absl::string_view name) {
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

absl::Status CheckText(absl::string_view name, absl::string_view text, int64_t max_length,
                       bool multi_line) {
  const int64_t length = CountCodePoints(text);
  if (length < 0) return FieldError(name, absl::StrCat("'", name, "' is not valid UTF-8 text"));
  if (absl::Status s = CheckControls(name, text, multi_line); !s.ok()) return s;
  if (length > max_length) {
    return FieldError(name, absl::StrCat("'", name, "' is ", length, " characters long; at most ",
                                         max_length, " allowed"));
  }
  return absl::OkStatus();
}

// Text is stored as NormalizeText leaves it, so that a name typed on two
// devices is the same bytes; a client that skipped it is refused here.
absl::Status CheckNormalised(absl::string_view name, absl::string_view text) {
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  const bool trimmed =
      text.empty() || (!absl::ascii_isspace(text.front()) && !absl::ascii_isspace(text.back()));
  if (ascii && trimmed) return absl::OkStatus();  // ASCII is NFC: skip the copy
  absl::StatusOr<std::string> normal = NormalizeText(text);
  if (!normal.ok()) return FieldError(name, absl::StrCat("'", name, "' is not valid UTF-8 text"));
  if (*normal != text) {
    return FieldError(name, absl::StrCat("'", name, "' must be trimmed and in Unicode NFC"));
  }
  return absl::OkStatus();
}

absl::Status CheckDate(absl::string_view name, absl::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) ||
      absl::FormatCivilTime(day) != text) {
    return FieldError(name, absl::StrCat("'", name, "' must be a date as YYYY-MM-DD"));
  }
  return absl::OkStatus();
}

absl::Status WrongType(const FieldSpec& spec) {
  return FieldError(spec.name,
                    absl::StrCat("'", spec.name, "' must be a ", FieldTypeName(spec.type)));
}

absl::Status CheckTypedValue(const FieldSpec& spec, const v1::Value& value) {
  using V = v1::Value;
  switch (spec.type) {
    case FieldType::kText:
      if (value.v_case() != V::kText) return WrongType(spec);
      return CheckText(spec.name, value.text(), spec.max_length, IsMultiLine(spec.name));
    case FieldType::kDate:
      if (value.v_case() != V::kText) return WrongType(spec);
      return CheckDate(spec.name, value.text());
    case FieldType::kEnum:
      if (value.v_case() != V::kText) return WrongType(spec);
      for (const std::string& v : spec.values) {
        if (v == value.text()) return absl::OkStatus();
      }
      return FieldError(
          spec.name,
          absl::StrCat("'", spec.name, "' must be one of: ", absl::StrJoin(spec.values, ", ")));
    case FieldType::kInt:
      if (value.v_case() != V::kInteger) return WrongType(spec);
      if (value.integer() < spec.min || value.integer() > spec.max) {
        return FieldError(spec.name, absl::StrCat("'", spec.name, "' must be between ", spec.min,
                                                  " and ", spec.max));
      }
      return absl::OkStatus();
    case FieldType::kReal: {
      double x =
          value.v_case() == V::kInteger ? static_cast<double>(value.integer()) : value.real();
      if (value.v_case() != V::kReal && value.v_case() != V::kInteger) return WrongType(spec);
      if (!std::isfinite(x) || x < spec.min || x > spec.max) {
        return FieldError(spec.name, absl::StrCat("'", spec.name, "' must be between ", spec.min,
                                                  " and ", spec.max));
      }
      return absl::OkStatus();
    }
    case FieldType::kBool:
      if (value.v_case() != V::kFlag) return WrongType(spec);
      return absl::OkStatus();
    case FieldType::kRef:
      if (value.v_case() != V::kRef || value.ref().size() != Uuid::kSize) return WrongType(spec);
      return absl::OkStatus();
  }
  return WrongType(spec);
}

absl::Status CheckKnownValue(absl::string_view kind, const FieldSpec& spec,
                             const v1::Value& value) {
  if (absl::Status s = CheckTypedValue(spec, value); !s.ok()) return s;
  const bool text = spec.type == FieldType::kText || spec.type == FieldType::kEnum ||
                    spec.type == FieldType::kDate;
  if (text) {
    if (absl::Status s = CheckNormalised(spec.name, value.text()); !s.ok()) return s;
  }
  absl::Status s = CheckKindField(kind, spec.name, value);
  return s.ok() ? s : FieldError(spec.name, std::string(s.message()));
}

absl::Status CheckUnknownValue(absl::string_view name, const v1::Value& value) {
  if (value.v_case() == v1::Value::kText) {
    if (value.text().size() > kMaxUnknownTextBytes) {
      return FieldError(
          name, absl::StrCat("'", name, "' is longer than ", kMaxUnknownTextBytes, " bytes"));
    }
    return CheckText(name, value.text(), kMaxUnknownTextBytes, /*multi_line=*/true);
  }
  if (value.v_case() == v1::Value::kRef && value.ref().size() != Uuid::kSize) {
    return FieldError(name, absl::StrCat("'", name, "' must be a 16-byte record id"));
  }
  return absl::OkStatus();
}

// What the writer held (Record.bases, read by shared/sync/conflict.h): at most
// one per field a record may hold and one for the tombstone.
absl::Status CheckBases(const v1::Record& change) {
  if (change.bases_size() > kMaxFieldsPerRecord + 1) {
    return FieldError("bases", absl::StrCat("a change may carry at most ", kMaxFieldsPerRecord + 1,
                                            " bases, not ", change.bases_size()));
  }
  for (const v1::Base& base : change.bases()) {
    if (!base.name().empty() && !IsFieldName(base.name())) {
      return FieldError("bases", "a base names a field: lower-case latin letters, digits and _");
    }
    if (!base.device_id().empty() && base.device_id().size() != Uuid::kSize) {
      return FieldError("bases", "a base's device id must be 16 bytes");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckHeader(const v1::Record& change, const KindSpec& kind) {
  if (change.id().size() != Uuid::kSize || Uuid::FromBytes(change.id())->is_nil()) {
    return FieldError("id", "the record id must be 16 bytes and not all zero");
  }
  if (kind.shared && !change.community_id().empty()) {
    return FieldError("community_id",
                      absl::StrCat("a ", kind.name, " record is shared and has no community"));
  }
  if (!kind.shared && (change.community_id().size() != Uuid::kSize ||
                       Uuid::FromBytes(change.community_id())->is_nil())) {
    return FieldError("community_id",
                      absl::StrCat("a ", kind.name, " record must name its community"));
  }
  if (change.hlc() == 0) return FieldError("hlc", "the change carries no clock");
  if (change.deleted_hlc() != 0 && change.deleted_hlc() != change.hlc()) {
    return FieldError("deleted_hlc", "a delete must carry the change's own clock");
  }
  if (change.fields_size() > kMaxFieldsPerRecord) {
    return FieldError("fields", absl::StrCat("a change may set at most ", kMaxFieldsPerRecord,
                                             " fields, not ", change.fields_size()));
  }
  return CheckBases(change);
}

}  // namespace

absl::Status ValidateChange(const v1::Record& change) {
  const KindSpec* kind = FindKind(change.kind());
  if (kind == nullptr) {
    return FieldError("kind", absl::StrCat("unknown record kind '",
                                           IsValidUtf8(change.kind()) ? change.kind() : "?", "'"));
  }
  if (absl::Status s = CheckHeader(change, *kind); !s.ok()) return s;
  // Devices send fields sorted by name; then "unique" is "strictly rising".
  bool sorted = true;
  for (int i = 1; i < change.fields_size() && sorted; ++i) {
    sorted = change.fields(i - 1).name() < change.fields(i).name();
  }
  std::set<absl::string_view> seen;
  for (const v1::Field& field : change.fields()) {
    if (!IsFieldName(field.name())) {
      return FieldError("fields", "a field name must be lower-case latin letters, digits and _");
    }
    if (!sorted && !seen.insert(field.name()).second) {
      return FieldError(field.name(), absl::StrCat("'", field.name(), "' is set twice"));
    }
    if (field.hlc() != 0 || !field.device_id().empty()) {
      return FieldError(field.name(), "a field of a change carries no clock of its own");
    }
    if (!field.has_value() || field.value().v_case() == v1::Value::V_NOT_SET) {
      const FieldSpec* spec = kind->Find(field.name());
      if (spec != nullptr && spec->required) {
        return FieldError(field.name(), absl::StrCat("'", field.name(), "' cannot be cleared"));
      }
      continue;
    }
    const FieldSpec* spec = kind->Find(field.name());
    absl::Status s = spec ? CheckKnownValue(kind->name, *spec, field.value())
                          : CheckUnknownValue(field.name(), field.value());
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateRequired(const v1::Record& record) {
  const KindSpec* kind = FindKind(record.kind());
  if (kind == nullptr) return FieldError("kind", "unknown record kind");
  if (IsDeleted(record)) return absl::OkStatus();
  for (const FieldSpec& spec : kind->fields) {
    if (!spec.required) continue;
    bool present = false;
    for (const v1::Field& f : record.fields()) {
      present = present || (f.name() == spec.name && f.value().v_case() != v1::Value::V_NOT_SET);
    }
    if (!present) {
      return FieldError(spec.name, absl::StrCat("a ", kind->name, " needs '", spec.name, "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateClock(const v1::Record& change, int64_t now_ms, int64_t max_ahead_ms) {
  const int64_t ahead = HlcMillis(change.hlc()) - now_ms;
  if (ahead > max_ahead_ms) {
    return FieldError("hlc",
                      absl::StrCat("the change is stamped ", ahead / 1000,
                                   " s ahead of the server's clock (at most ", max_ahead_ms / 1000,
                                   " s allowed); correct the device clock and sync again"),
                      absl::StatusCode::kFailedPrecondition);
  }
  return absl::OkStatus();
}

std::string ErrorField(const absl::Status& status) {
  absl::optional<absl::Cord> field = status.GetPayload(kFieldPayload);
  return field ? std::string(*field) : std::string();
}

}  // namespace hromada
