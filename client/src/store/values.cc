#include "client/src/store/values.h"

#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "shared/base/text.h"
#include "shared/base/uuid.h"
#include "shared/report/labels.h"
#include "shared/sync/hlc.h"
#include "shared/sync/schema.h"

namespace hromada::client {

absl::StatusOr<std::string> ParseId(absl::string_view text, absl::string_view what) {
  absl::StatusOr<Uuid> id = Uuid::Parse(text);
  if (!id.ok() || id->is_nil()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " '", text, "' is not a valid id"));
  }
  return id->bytes();
}

absl::StatusOr<v1::Value> ToWire(absl::string_view field, const Value& value) {
  v1::Value out;
  if (const auto* text = std::get_if<std::string>(&value)) out.set_text(*text);
  if (const auto* n = std::get_if<int64_t>(&value)) out.set_integer(*n);
  if (const auto* x = std::get_if<double>(&value)) out.set_real(*x);
  if (const auto* b = std::get_if<bool>(&value)) out.set_flag(*b);
  if (const auto* ref = std::get_if<Ref>(&value)) {
    absl::StatusOr<std::string> bytes = ParseId(ref->id, absl::StrCat("'", field, "'"));
    if (!bytes.ok()) return bytes.status();
    out.set_ref(*std::move(bytes));
  }
  return out;
}

Value FromWire(const v1::Value& value) {
  switch (value.v_case()) {
    case v1::Value::kText:
      return value.text();
    case v1::Value::kInteger:
      return value.integer();
    case v1::Value::kReal:
      return value.real();
    case v1::Value::kFlag:
      return value.flag();
    case v1::Value::kRef:
      return Ref{IdToString(value.ref())};
    case v1::Value::V_NOT_SET:
      break;
  }
  return Null{};
}

namespace {

// `value` on the wire with its text trimmed and in NFC, as the server
// requires (validate.h): the same name typed on two devices is the same
// bytes, however the keyboard composed its letters.
absl::StatusOr<v1::Value> NormalizedWire(absl::string_view field, const Value& value) {
  absl::StatusOr<v1::Value> wire = ToWire(field, value);
  if (!wire.ok() || wire->v_case() != v1::Value::kText) return wire;
  absl::StatusOr<std::string> text = NormalizeText(wire->text());
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("'", field, "' is not valid UTF-8 text"));
  }
  wire->set_text(*std::move(text));
  return wire;
}

}  // namespace

absl::StatusOr<v1::Record> ToChange(absl::string_view kind, absl::string_view id_bytes,
                                    absl::string_view community_id, const Fields& fields) {
  v1::Record change;
  change.set_kind(std::string(kind));
  change.set_id(std::string(id_bytes));
  if (!community_id.empty()) {
    absl::StatusOr<std::string> community = ParseId(community_id, "community");
    if (!community.ok()) return community.status();
    change.set_community_id(*std::move(community));
  }
  for (const auto& [name, value] : fields) {  // std::map: sorted by name
    v1::Field* f = change.add_fields();
    f->set_name(name);
    absl::StatusOr<v1::Value> wire = NormalizedWire(name, value);
    if (!wire.ok()) return wire.status();
    if (wire->v_case() != v1::Value::V_NOT_SET) *f->mutable_value() = *std::move(wire);
  }
  return change;
}

Fields FieldsOf(const v1::Record& record) {
  Fields fields;
  for (const v1::Field& f : record.fields()) fields.emplace(f.name(), FromWire(f.value()));
  return fields;
}

namespace {

absl::Status NotA(absl::string_view field, absl::string_view what, absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("'", field, "' must be ", what, ", not '", text, "'"));
}

// A number as people write it: "80 000", "80\u00a0000" (a no-break space,
// as spreadsheets copy it), "1 500,50" (a decimal comma, one or two digits
// after it). "1,500" stays as typed and is refused: a thousands comma or a
// decimal one, it cannot be told, and a cost must not come out 1000 times
// wrong.
std::string NumberAsTyped(absl::string_view text) {
  std::string n = absl::StrReplaceAll(absl::StripAsciiWhitespace(text),
                                      {{" ", ""}, {"\u00a0", ""}, {"\u202f", ""}});
  const size_t comma = n.find(',');
  if (comma != std::string::npos && n.find_first_of(".,", comma + 1) == std::string::npos &&
      n.find('.') == std::string::npos) {
    const size_t after = n.size() - comma - 1;
    if (after == 1 || after == 2) n[comma] = '.';
  }
  return n;
}

absl::StatusOr<Value> ParseBool(absl::string_view field, absl::string_view text) {
  const std::string t = FoldCase(absl::StripAsciiWhitespace(text));  // "Так", " yes"
  if (t == "yes" || t == "true" || t == "1" || t == "y" || t == "так") return true;
  if (t == "no" || t == "false" || t == "0" || t == "n" || t == "ні") return false;
  return NotA(field, "yes or no", text);
}

// One of an enum's values as people type it: "Female", "in person",
// "In-Person". Anything else stays as typed, for validation to refuse.
// A choice as a person typed it: its code, or a word the report's catalogue
// has for it in either language ("жінка", "ВПО", "in person"); otherwise the
// text as is, for validation to refuse.
std::string EnumAsTyped(const FieldSpec& spec, absl::string_view text) {
  std::optional<std::string> code = ReadChoice(spec.name, text, spec.values);
  return code.has_value() ? *std::move(code) : std::string(text);
}

}  // namespace

absl::StatusOr<Value> ParseValueText(absl::string_view kind, absl::string_view field,
                                     absl::string_view text) {
  if (text.empty()) return Null{};
  const KindSpec* kind_spec = FindKind(kind);
  const FieldSpec* spec = kind_spec ? kind_spec->Find(field) : nullptr;
  if (spec == nullptr) return std::string(text);
  switch (spec->type) {
    case FieldType::kInt: {
      int64_t n = 0;
      if (!absl::SimpleAtoi(NumberAsTyped(text), &n)) return NotA(field, "a whole number", text);
      return n;
    }
    case FieldType::kReal: {
      double x = 0;
      if (!absl::SimpleAtod(NumberAsTyped(text), &x) || !std::isfinite(x)) {
        return NotA(field, "a number", text);
      }
      return x;
    }
    case FieldType::kBool:
      return ParseBool(field, text);
    case FieldType::kRef: {
      absl::StatusOr<Uuid> id = Uuid::Parse(text);
      if (!id.ok() || id->is_nil()) return NotA(field, "a record id", text);
      return Ref{id->ToString()};
    }
    case FieldType::kEnum:
      return EnumAsTyped(*spec, text);
    case FieldType::kText:
    case FieldType::kDate:
      break;
  }
  return std::string(text);
}

RecordView ToView(const v1::Record& record) {
  RecordView view;
  view.kind = record.kind();
  view.id = IdToString(record.id());
  if (!record.community_id().empty()) view.community_id = IdToString(record.community_id());
  for (const v1::Field& f : record.fields()) {
    if (f.value().v_case() != v1::Value::V_NOT_SET) {
      view.fields.emplace(f.name(), FromWire(f.value()));
    }
  }
  view.updated_ms = HlcMillis(record.hlc());
  return view;
}

}  // namespace hromada::client
