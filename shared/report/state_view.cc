#include "shared/report/state_view.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace hromada::report {
namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

// Wire field numbers of record.proto.
enum : int { kRecordId = 2, kRecordCommunity = 3, kRecordFields = 6, kRecordDeletedHlc = 7 };
enum : int { kFieldName = 1, kFieldValue = 2 };

// The next length-delimited payload as a view into the input buffer.
bool ReadBytes(CodedInputStream* in, absl::string_view* out) {
  uint32_t size = 0;
  if (!in->ReadVarint32(&size)) return false;
  if (size == 0) {
    *out = {};
    return true;
  }
  const void* data = nullptr;
  int available = 0;
  if (!in->GetDirectBufferPointer(&data, &available) || static_cast<uint32_t>(available) < size) {
    return false;
  }
  *out = absl::string_view(static_cast<const char*>(data), size);
  return in->Skip(static_cast<int>(size));
}

CodedInputStream Over(absl::string_view bytes) {
  return CodedInputStream(reinterpret_cast<const uint8_t*>(bytes.data()),
                          static_cast<int>(bytes.size()));
}

bool ReadValue(absl::string_view bytes, ValueView* v) {
  CodedInputStream in = Over(bytes);
  while (const uint32_t tag = in.ReadTag()) {
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    uint64_t raw = 0;
    v->kind = static_cast<v1::Value::VCase>(number);
    switch (number) {
      case v1::Value::kText:
      case v1::Value::kRef:
        if (!ReadBytes(&in, &v->bytes)) return false;
        break;
      case v1::Value::kInteger:
        if (!in.ReadVarint64(&raw)) return false;
        v->integer = WireFormatLite::ZigZagDecode64(raw);
        break;
      case v1::Value::kReal:
        if (!in.ReadLittleEndian64(&raw)) return false;
        v->real = WireFormatLite::DecodeDouble(raw);
        break;
      case v1::Value::kFlag:
        if (!in.ReadVarint64(&raw)) return false;
        v->flag = raw != 0;
        break;
      default:
        v->kind = v1::Value::V_NOT_SET;
        if (!WireFormatLite::SkipField(&in, tag)) return false;
    }
  }
  return in.ConsumedEntireMessage();
}

bool ReadField(absl::string_view bytes, FieldView* f) {
  CodedInputStream in = Over(bytes);
  while (const uint32_t tag = in.ReadTag()) {
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    absl::string_view payload;
    if (number == kFieldName || number == kFieldValue) {
      if (!ReadBytes(&in, &payload)) return false;
      if (number == kFieldName) f->name = payload;
      if (number == kFieldValue && !ReadValue(payload, &f->value)) return false;
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return in.ConsumedEntireMessage();
}

}  // namespace

bool ReadState(absl::string_view state, StateView* out) {
  *out = StateView{{}, {}, false, std::move(out->fields)};
  out->fields.clear();
  uint64_t deleted_hlc = 0;
  CodedInputStream in = Over(state);
  while (const uint32_t tag = in.ReadTag()) {
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    absl::string_view payload;
    switch (number) {
      case kRecordId:
      case kRecordCommunity:
        if (!ReadBytes(&in, number == kRecordId ? &out->id : &out->community_id)) return false;
        break;
      case kRecordFields:
        if (!ReadBytes(&in, &payload)) return false;
        out->fields.emplace_back();
        if (!ReadField(payload, &out->fields.back())) return false;
        break;
      case kRecordDeletedHlc:
        if (!in.ReadVarint64(&deleted_hlc)) return false;
        break;
      default:
        if (!WireFormatLite::SkipField(&in, tag)) return false;
    }
  }
  out->deleted = deleted_hlc != 0 && out->fields.empty();
  return in.ConsumedEntireMessage();
}

}  // namespace hromada::report
