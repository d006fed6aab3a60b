#include "shared/sync/wire/record_view.h"

#include <utility>

#include "shared/sync/wire/view_reader.h"

namespace hromada::wire {
namespace {

using internal::CodedInputStream;
using internal::Is;
using internal::kDelimited;
using internal::kFixed64;
using internal::kVarint;
using internal::ReadNested;
using internal::ReadView;
using internal::WireFormatLite;

// Value is a oneof: the last member on the wire wins, and a field this
// version does not know leaves the member read before it in place.
bool ReadValue(CodedInputStream* in, absl::string_view base, ValueView* v) {
  while (const uint32_t tag = in->ReadTag()) {
    uint64_t raw = 0;
    if (Is(tag, v1::Value::kTextFieldNumber, kDelimited) ||
        Is(tag, v1::Value::kRefFieldNumber, kDelimited)) {
      if (!ReadView(in, base, &v->bytes)) return false;
    } else if (Is(tag, v1::Value::kIntegerFieldNumber, kVarint)) {
      if (!in->ReadVarint64(&raw)) return false;
      v->integer = WireFormatLite::ZigZagDecode64(raw);
    } else if (Is(tag, v1::Value::kRealFieldNumber, kFixed64)) {
      if (!in->ReadLittleEndian64(&raw)) return false;
      v->real = WireFormatLite::DecodeDouble(raw);
    } else if (Is(tag, v1::Value::kFlagFieldNumber, kVarint)) {
      if (!in->ReadVarint64(&raw)) return false;
      v->flag = raw != 0;
    } else {
      if (!WireFormatLite::SkipField(in, tag)) return false;
      continue;
    }
    v->kind = static_cast<v1::Value::VCase>(WireFormatLite::GetTagFieldNumber(tag));
  }
  return true;
}

bool ReadField(CodedInputStream* in, absl::string_view base, FieldView* f) {
  while (const uint32_t tag = in->ReadTag()) {
    bool ok = true;
    if (Is(tag, v1::Field::kNameFieldNumber, kDelimited)) {
      ok = ReadView(in, base, &f->name);
    } else if (Is(tag, v1::Field::kValueFieldNumber, kDelimited)) {
      ok = ReadNested(in, [&] { return ReadValue(in, base, &f->value); });
    } else if (Is(tag, v1::Field::kHlcFieldNumber, kVarint)) {
      ok = in->ReadVarint64(&f->hlc);
    } else if (Is(tag, v1::Field::kDeviceIdFieldNumber, kDelimited)) {
      ok = ReadView(in, base, &f->device_id);
    } else {
      ok = WireFormatLite::SkipField(in, tag);
    }
    if (!ok) return false;
  }
  return true;
}

// One top-level field of a Record; false if it is malformed.
bool ReadRecordField(uint32_t tag, CodedInputStream* in, absl::string_view base, RecordView* r) {
  using R = v1::Record;
  if (Is(tag, R::kKindFieldNumber, kDelimited)) return ReadView(in, base, &r->kind);
  if (Is(tag, R::kIdFieldNumber, kDelimited)) return ReadView(in, base, &r->id);
  if (Is(tag, R::kCommunityIdFieldNumber, kDelimited)) return ReadView(in, base, &r->community_id);
  if (Is(tag, R::kHlcFieldNumber, kVarint)) return in->ReadVarint64(&r->hlc);
  if (Is(tag, R::kDeviceIdFieldNumber, kDelimited)) return ReadView(in, base, &r->device_id);
  if (Is(tag, R::kFieldsFieldNumber, kDelimited)) {
    FieldView* f = &r->fields.emplace_back();
    return ReadNested(in, [&] { return ReadField(in, base, f); });
  }
  if (Is(tag, R::kDeletedHlcFieldNumber, kVarint)) return in->ReadVarint64(&r->deleted_hlc);
  if (Is(tag, R::kDeletedDeviceIdFieldNumber, kDelimited)) {
    return ReadView(in, base, &r->deleted_device_id);
  }
  return WireFormatLite::SkipField(in, tag);
}

}  // namespace

bool ReadRecordView(absl::string_view bytes, RecordView* out) {
  std::vector<FieldView> fields = std::move(out->fields);
  fields.clear();
  *out = RecordView{};
  out->fields = std::move(fields);
  if (!internal::FitsStream(bytes)) return false;
  CodedInputStream in = internal::StreamOver(bytes);
  while (const uint32_t tag = in.ReadTag()) {
    if (!ReadRecordField(tag, &in, bytes, out)) return false;
  }
  return in.ConsumedEntireMessage();
}

}  // namespace hromada::wire
